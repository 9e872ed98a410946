using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

public sealed class ContractDocumentationTests
{
    /// <summary>Run with UPDATE_README=1 to rewrite the README's generated section after changing a contract.</summary>
    [Fact]
    public void Readme_contract_tables_match_the_contracts_in_code()
    {
        string readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        int begin = readme.IndexOf(ContractDocumentation.BeginMarker, StringComparison.Ordinal);
        int end = readme.IndexOf(ContractDocumentation.EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md lacks the contracts markers");
        string expected = "\n\n" + ContractDocumentation.Markdown() + "\n";
        string actual = readme[(begin + ContractDocumentation.BeginMarker.Length)..end];

        if (actual != expected && Environment.GetEnvironmentVariable("UPDATE_README") == "1")
        {
            File.WriteAllText(RepositoryRoot.File("README.md"), readme[..(begin + ContractDocumentation.BeginMarker.Length)] + expected + readme[end..]);
            return;
        }

        Assert.Equal(expected, actual);
    }

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
