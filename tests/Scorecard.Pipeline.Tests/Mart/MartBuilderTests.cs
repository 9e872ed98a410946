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
        Assert.True(File.Exists(Path.Combine(bed.MartDirectory, "fct_contact", $"contact_date={Morning:yyyy-MM-dd}", "data.parquet")));
        // By the ISO week of period_start, named after its Monday: 1 October 2026's day, its week (from Monday 28
        // September) and its month are in one folder.
        Assert.Equal(
            [Path.Combine(bed.MartDirectory, "fct_kpi", "period_start_week=2026-09-28")],
            Directory.GetDirectories(Path.Combine(bed.MartDirectory, "fct_kpi")));
        Assert.True(File.Exists(Path.Combine(bed.MartDirectory, "fct_kpi", "period_start_week=2026-09-28", "data.parquet")));
        Assert.True(File.Exists(Path.Combine(bed.MartDirectory, "dim_agent", "data.parquet")));
        Assert.Equal(2, report.Models.Single(m => m.Relation == "marts.fct_contact").RowCount);
    }

    [Fact]
    public void A_queue_whose_channels_tie_gets_the_first_channel_by_name_in_every_build()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts,
            Answered("c1", channel: "voice", queue: "mixed"), Answered("c2", channel: "voice", queue: "mixed"),
            Answered("c3", channel: "chat", queue: "mixed"), Answered("c4", channel: "chat", queue: "mixed"),
            Answered("c5", channel: "voice", queue: "mostly-voice"), Answered("c6", channel: "voice", queue: "mostly-voice"),
            Answered("c7", channel: "chat", queue: "mostly-voice"));

        bed.Build();

        Assert.Equal(1L, bed.Count("select count(*) from marts.dim_queue where queue_id = 'mixed' and channel = 'chat' and contact_count = 4"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.dim_queue where queue_id = 'mostly-voice' and channel = 'voice' and contact_count = 3"));
    }

    [Fact]
    public void A_kpi_formula_that_does_not_fit_its_source_is_named_in_the_error()
    {
        using var bed = new MartTestBed();
        string registry = Path.Combine(bed.Lake.LakeRoot, "..", "kpis.yml");
        string text = File.ReadAllText(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));
        string handled = "numerator: count(*) filter (where is_handled)\n    unit: count";
        Assert.Contains(handled, text);
        File.WriteAllText(registry, text.Replace(handled, "numerator: count(*) filter (where is_handeld)\n    unit: count"));

        var error = Assert.Throws<KpiCheckException>(() => bed.Build(o => o.KpiRegistryPath = registry));

        Assert.Equal("calls_handled", error.KpiId);
        Assert.Contains("kpis.yml: KPI 'calls_handled'", error.Message);
        Assert.Contains("is_handeld", error.Message);
    }

    [Fact]
    public void A_full_rebuild_gives_the_same_tables()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"), Abandoned("c2", 30));
        bed.Build();
        const string fingerprint = "select count(*), sum(hash(kpi_id, period_grain, period_start, level, member_id, numerator, denominator, value)) from scorecard.fct_kpi";
        var before = bed.Query(fingerprint, r => (r.GetValue(0).ToString(), r.GetValue(1).ToString()));

        bed.Build(o => o.FullRebuild = true);

        Assert.Equal(before, bed.Query(fingerprint, r => (r.GetValue(0).ToString(), r.GetValue(1).ToString())));
    }

    [Theory]
    [InlineData(false, 0L)]
    [InlineData(true, 10L)]
    public void The_published_mart_holds_the_staging_tables_only_when_asked(bool keepViews, long stagingTables)
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Contacts, Answered("c1"));

        bed.Build(o => o.KeepViews = keepViews);

        Assert.Equal(stagingTables, bed.Count("select count(*) from duckdb_tables() where schema_name = 'staging'"));
        Assert.Equal(0L, bed.Count("select count(*) from duckdb_schemas() where schema_name = 'build_scope'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact"));
    }
}
