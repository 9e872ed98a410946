using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

public sealed class ContractDocumentationTests
{
    /// <summary>Run with UPDATE_README=1 to rewrite the generated section after changing a contract.</summary>
    [Fact]
    public void Contract_tables_beside_the_contracts_match_the_contracts_in_code() =>
        GeneratedDocument.AssertCurrent("functions/Scorecard.Pipeline/Ingest/Contracts/README.md",
            ContractDocumentation.BeginMarker, ContractDocumentation.EndMarker, "\n\n" + ContractDocumentation.Markdown() + "\n");

    [Fact]
    public void Every_contract_column_has_a_description_and_a_rule()
    {
        Assert.All(ExtractContracts.All.SelectMany(c => c.Columns), column =>
        {
            Assert.False(string.IsNullOrWhiteSpace(column.Description), column.Name);
            Assert.False(string.IsNullOrWhiteSpace(column.Rule), column.Name);
        });
    }
}
