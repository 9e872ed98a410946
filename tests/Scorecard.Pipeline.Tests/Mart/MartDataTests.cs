using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Every data test of sql/ as its own test case over a representative lake, so a failure reads as its name.</summary>
public sealed class MartDataTests(RepresentativeMartFixture mart) : IClassFixture<RepresentativeMartFixture>
{
    public static TheoryData<string> DataTestNames()
    {
        var registry = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));
        var template = MartBuilder.CreateTemplate(Path.Combine(Path.GetTempPath(), "no-lake"), registry);
        return new TheoryData<string>(DataTestCatalog.Discover(RepositoryRoot.Sql, template).Select(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(DataTestNames))]
    public void Data_test_passes_on_a_representative_lake(string name)
    {
        DataTestResult result = mart.Report.Tests.Single(t => t.Name == name);

        Assert.True(result.Passed, result.Describe());
    }

    [Fact]
    public void The_representative_lake_exercises_every_fact()
    {
        foreach (string table in new[] { "fct_contact", "fct_case", "fct_survey", "fct_sale", "fct_agent_day", "fct_training", "fct_esat", "fct_kpi" })
        {
            Assert.True(mart.Report.Models.Single(m => m.Relation.EndsWith("." + table, StringComparison.Ordinal)).RowCount > 0, table);
        }

        Assert.Equal(0L, mart.Bed.Count("select count(*) from marts.fct_contact where contact_id = 'stale-1'"));
    }

    [Fact]
    public void The_strategy_map_carries_measured_evidence_for_its_links()
    {
        long measured = mart.Bed.Count("select count(*) from scorecard.dim_kpi_link where observation_count >= 2 and correlation is not null");
        long links = mart.Bed.Count("select count(*) from scorecard.dim_kpi_link");

        Assert.Equal(7L, links);
        Assert.True(measured >= 3, $"only {measured} of {links} links have evidence");
    }
}
