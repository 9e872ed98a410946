using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class MartBuilderTests
{
    [Fact]
    public void Build_over_an_empty_lake_creates_every_model_and_passes_its_data_tests()
    {
        using var bed = new MartTestBed();

        BuildReport report = bed.Build();

        Assert.True(report.Succeeded, string.Join("\n", report.FailedTests.Select(t => t.Describe())));
        Assert.Contains(report.Models, m => m.Relation == "marts.fct_contact");
        Assert.True(report.Tests.Count > 100, $"only {report.Tests.Count} data tests ran");
        Assert.True(File.Exists(bed.DatabasePath));
    }

    [Fact]
    public void Build_writes_every_mart_table_as_parquet()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"), Abandoned("c2", 30));

        BuildReport report = bed.Build();

        Assert.True(report.Succeeded, string.Join("\n", report.FailedTests.Select(t => t.Describe())));
        Assert.True(File.Exists(Path.Combine(bed.MartDirectory, "fct_contact", "data.parquet")));
        Assert.True(File.Exists(Path.Combine(bed.MartDirectory, "fct_kpi", "data.parquet")));
        Assert.Equal(2, report.Models.Single(m => m.Relation == "marts.fct_contact").RowCount);
    }
}
