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
        // A singular test a built-in check replaces in builds is run here on its own, over the same mart and lake.
        DataTestResult result = mart.Report.Tests.SingleOrDefault(t => t.Name == name) ?? RunOnItsOwn(name);

        Assert.True(result.Passed, result.Describe());
    }

    [Fact]
    public void Row_conservation_from_per_partition_counts_passes_on_a_representative_lake()
    {
        DataTestResult result = mart.Report.Tests.Single(t => t.Name == RowConservation.TestName);

        Assert.True(result.Passed, result.Describe());
        Assert.True(mart.Bed.Count("select sum(row_count)::bigint from build_meta.lake_partition_rows") > 0);
    }

    private DataTestResult RunOnItsOwn(string name)
    {
        var registry = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));
        DataTest test = DataTestCatalog.Discover(RepositoryRoot.Sql, MartBuilder.CreateTemplate(mart.Bed.Lake.LakeRoot, registry)).Single(t => t.Name == name);
        Assert.True(test.ReplacedInBuilds, $"{name} did not run in the build");
        using var connection = MartConnection.OpenReadOnly(mart.Bed.MartDirectory);
        return new DataTestRunner(connection).Run(test);
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
        long measured = mart.Bed.Count("select count(*) from scorecard.dim_kpi_link where observation_count >= 2");
        long links = mart.Bed.Count("select count(*) from scorecard.dim_kpi_link");
        // A KPI that does not vary over the pairs (a small lake's 100% FCR, say) has no correlation: null, not NaN.
        long undefined = mart.Bed.Count("select count(*) from scorecard.dim_kpi_link where isnan(correlation)");

        Assert.Equal(7L, links);
        Assert.True(measured >= 3, $"only {measured} of {links} links have evidence");
        Assert.Equal(0L, undefined);
    }

    [Fact]
    public void A_links_correlation_summed_from_its_periods_equals_duckdbs_own_correlation_over_the_pairs_of_kpi_values()
    {
        // DuckDB's corr() over the pairs of values read straight from fct_kpi, at the grain and level the link chose.
        long differing = mart.Bed.Count("""
            with pairs as (
                select link.link_id, link.correlation, cause.value as x, effect.value as y
                from scorecard.dim_kpi_link as link
                inner join scorecard.fct_kpi as cause
                    on cause.kpi_id = link.cause_kpi_id and cause.period_grain = link.evidence_period_grain and cause.level = link.evidence_level
                inner join scorecard.fct_kpi as effect
                    on effect.kpi_id = link.effect_kpi_id and effect.period_grain = cause.period_grain and effect.period_start = cause.period_start
                    and effect.level = cause.level and effect.member_id = cause.member_id
                where cause.value is not null and effect.value is not null
            ),
            compared as (
                select link_id, any_value(correlation) as summed, corr(x, y) as direct, count(*) as pairs
                from pairs group by link_id
            )
            select count(*) from compared
            where (pairs >= 2 and not isnan(direct) and (summed is null or abs(summed - direct) > 1e-9))
                or ((direct is null or isnan(direct)) and summed is not null)
            """);
        long compared = mart.Bed.Count("select count(*) from scorecard.dim_kpi_link where correlation is not null");

        Assert.True(compared >= 2, $"only {compared} links have a correlation");
        Assert.Equal(0L, differing);
    }
}
