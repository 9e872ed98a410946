using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>
/// An incremental build tests the rows it recomputed (and keeps row conservation from stored per-partition counts),
/// yet still catches a recomputed row that collides with, points past, or loses a row of the rest of the mart.
/// The previous mart is corrupted by hand to make a build produce what a bug would.
/// </summary>
public sealed class IncrementalDataTestTests
{
    private const int FcrWindowDays = 2;

    [Fact]
    public void An_incremental_build_catches_a_recomputed_contact_whose_key_is_also_in_an_untouched_partition()
    {
        using var bed = HistoryOf(10);
        // A second FCR row of day 9's contact d9-c10 on day 2, which the new day's scope (days 7 to 10) does not reach.
        // The build keeps d9-c10's row (its customer, cust-21, has no contact on the new day, and its FCR window was
        // already observed), so only the uniqueness test over the whole table can see the twin. (A contact the build
        // recomputes replaces every row of its key, which would remove the twin.)
        Rewrite(bed, "fct_contact_resolution/contact_date=2026-10-03", "select * from rows union all select * replace (date '2026-10-03' as contact_date) from marts.fct_contact_resolution where contact_id = 'd9-c10'");
        WriteDay(bed, 10);

        var failure = Assert.Throws<DataTestsFailedException>(() => bed.Build(o => o.FcrWindowDays = FcrWindowDays));

        Assert.True(failure.Report.IsIncremental, failure.Report.ModeReason);
        Assert.DoesNotContain(new DateOnly(2026, 10, 3), failure.Report.AffectedDates);
        Assert.Contains(new DateOnly(2026, 10, 9), failure.Report.AffectedDates);
        DataTestResult unique = Assert.Single(failure.Report.FailedTests, t => t.Name == "marts.fct_contact_resolution.contact_id unique");
        Assert.Equal(1, unique.FailingRowCount);
        Assert.Contains("contact_id=d9-c10, row_count=2", unique.SampleRows);
    }

    [Fact]
    public void An_incremental_build_catches_a_recomputed_contact_pointing_at_no_channel()
    {
        using var bed = HistoryOf(10);
        // Day 8's contact d8-c5 on a channel that does not exist in the previous mart, where staging takes the rows
        // of unchanged lake partitions from: the new day recomputes the FCR of day 8's contacts (the window) with it.
        Rewrite(bed, "fct_contact/contact_date=2026-10-09", "select * replace (case when contact_id = 'd8-c5' then 'fax' else channel end as channel) from rows");
        WriteDay(bed, 10);

        var failure = Assert.Throws<DataTestsFailedException>(() => bed.Build(o => o.FcrWindowDays = FcrWindowDays));

        Assert.True(failure.Report.IsIncremental, failure.Report.ModeReason);
        DataTestResult orphan = Assert.Single(failure.Report.FailedTests, t => t.Name == "marts.fct_contact_resolution.channel relationships marts.dim_channel.channel");
        Assert.Equal(1, orphan.FailingRowCount);
        Assert.Contains("contact_id=d8-c5", orphan.SampleRows.Single());
    }

    [Fact]
    public void An_incremental_build_catches_an_untouched_row_whose_parent_key_the_build_removed()
    {
        using var bed = HistoryOf(6);
        // A KPI the previous mart had (in dim_kpi, with a day-1 value in fct_kpi) that this build's registry has not:
        // the build rebuilds dim_kpi without it and does not recompute that value.
        Corrupt(bed, "insert into scorecard.dim_kpi select * replace ('ghost_kpi' as kpi_id) from scorecard.dim_kpi where kpi_id = 'calls_handled'");
        Rewrite(bed, "fct_kpi/period_start_week=2026-09-28", """
            select * from rows union all select * replace ('ghost_kpi' as kpi_id) from rows
            where kpi_id = 'calls_handled' and period_grain = 'day' and period_start = date '2026-10-02' and level = 'centre'
            """);
        WriteDay(bed, 6);

        var failure = Assert.Throws<DataTestsFailedException>(() => bed.Build(o => o.FcrWindowDays = FcrWindowDays));

        Assert.True(failure.Report.IsIncremental, failure.Report.ModeReason);
        DataTestResult orphan = Assert.Single(failure.Report.FailedTests, t => t.Name == "scorecard.fct_kpi.kpi_id relationships scorecard.dim_kpi.kpi_id");
        Assert.Equal(1, orphan.FailingRowCount);
        Assert.Contains("kpi_id=ghost_kpi", orphan.SampleRows.Single());
    }

    [Fact]
    public void An_incremental_build_catches_a_contact_lost_from_a_recomputed_partition_by_the_stored_partition_counts()
    {
        using var bed = HistoryOf(10);
        // Day 8's contact d8-c2 gone from the previous mart, and a sale of day 8's contact d8-c1 delivered with the new
        // day: the build recomputes day 8's rows of fct_contact (a contact's sales changed), keeping the others from the
        // previous mart, which lacks d8-c2.
        Rewrite(bed, "fct_contact/contact_date=2026-10-09", "select * from rows where contact_id <> 'd8-c2'");
        WriteDay(bed, 10);
        bed.Lake.Write(ExtractContracts.Sales, Date(10), [Sale("d8-c1-s1", "d8-c1", 50m, "a1", Morning.AddDays(8).AddMinutes(20))]);

        var failure = Assert.Throws<DataTestsFailedException>(() => bed.Build(o => o.FcrWindowDays = FcrWindowDays));

        Assert.True(failure.Report.IsIncremental, failure.Report.ModeReason);
        Assert.Contains(new DateOnly(2026, 10, 9), failure.Report.AffectedDates);
        // (The queue intervals of that day, recomputed from the contacts left, no longer add up to its KPI days either.)
        DataTestResult conservation = Assert.Single(failure.Report.FailedTests, t => t.Name.StartsWith("row conservation", StringComparison.Ordinal));
        Assert.Equal(RowConservation.TestName, conservation.Name);
        Assert.Contains("but marts.fct_contact has 263 row(s)", conservation.SampleRows.Single());
        // The whole-lake singular assertion is replaced by the counts in builds.
        Assert.DoesNotContain(failure.Report.Tests, t => t.Name == "assert_every_lake_contact_is_in_fct_contact_once");
    }

    [Fact]
    public void A_contact_delivered_again_later_then_corrected_back_is_counted_once_by_the_stored_partition_counts()
    {
        using var bed = HistoryOf(8);
        // Day 3's contact d3-c4 delivered again with day 8 is kept there (its day-3 lake row is superseded); a
        // correction of day 8 without it makes the build take it back from day 3, a partition that did not change.
        var moved = Answered("d3-c4", agent: "a2", customer: "cust-3", offeredAt: Morning.AddDays(8).AddHours(7));
        WriteDay(bed, 8, extra: moved);
        Assert.True(bed.Build(o => o.FcrWindowDays = FcrWindowDays).Succeeded);
        Assert.Equal(1L, bed.Count("select count(*) from build_meta.lake_superseded where key_value = 'd3-c4' and extract_date = date '2026-10-04'"));

        bed.Lake.Write(ExtractContracts.Contacts, Date(8), Contacts(8), hash: "eeeeeeeeeeee", time: "030000000");
        BuildReport corrected = bed.Build(o => o.FcrWindowDays = FcrWindowDays);

        Assert.True(corrected.Succeeded, string.Join("\n", corrected.FailedTests.Select(t => t.Describe())));
        Assert.True(corrected.IsIncremental, corrected.ModeReason);
        Assert.Equal(0L, bed.Count("select count(*) from build_meta.lake_superseded"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'd3-c4' and contact_date = date '2026-10-04'"));
    }

    [Fact]
    public void An_incremental_build_tests_the_recomputed_rows_not_the_untouched_partitions_it_keeps_from_the_previous_mart()
    {
        using var bed = HistoryOf(10);
        // A fault in day 1, which the new day's scope (days 7 to 10) does not reach: the previous mart passed its
        // tests, so the incremental build does not test those rows again. A full build rebuilds them from the lake.
        Rewrite(bed, "fct_contact/contact_date=2026-10-02", "select * replace (case when contact_id = 'd1-c0' then 'sideways' else direction end as direction) from rows");
        WriteDay(bed, 10);

        BuildReport incremental = bed.Build(o => o.FcrWindowDays = FcrWindowDays);

        Assert.True(incremental.IsIncremental, incremental.ModeReason);
        Assert.True(incremental.Succeeded, string.Join("\n", incremental.FailedTests.Select(t => t.Describe())));
        Assert.Contains(incremental.Tests, t => t.Name == "marts.fct_contact.direction accepted_values");
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where direction = 'sideways'"));

        BuildReport full = bed.Build(o => { o.FcrWindowDays = FcrWindowDays; o.FullRebuild = true; });

        Assert.True(full.Succeeded, string.Join("\n", full.FailedTests.Select(t => t.Describe())));
        Assert.Contains(full.Tests, t => t.Name == RowConservation.TestName);
        Assert.Equal(0L, bed.Count("select count(*) from marts.fct_contact where direction = 'sideways'"));
    }

    [Fact]
    public void A_singular_test_checks_the_dates_the_build_recomputed_and_every_date_when_the_build_tests_everything()
    {
        using var bed = HistoryOf(10);
        // Day 1's contact d1-c0 no longer counted as handled: its agent's day (2026-10-02) no longer adds up, on a date
        // the new day's scope does not reach.
        Rewrite(bed, "fct_contact/contact_date=2026-10-02", "select * replace (case when contact_id = 'd1-c0' then false else is_handled end as is_handled) from rows");
        WriteDay(bed, 10);

        BuildReport scoped = bed.Build(o => o.FcrWindowDays = FcrWindowDays);

        Assert.True(scoped.IsIncremental, scoped.ModeReason);
        Assert.True(scoped.Succeeded, string.Join("\n", scoped.FailedTests.Select(t => t.Describe())));
        Assert.Contains(scoped.Tests, t => t.Name == "assert_every_handled_contact_is_in_agent_days");

        // A build whose previous build did not pass its tests tests everything: the singular test reads every date.
        Corrupt(bed, "update build_meta.build set data_tests_passed = false");
        WriteDay(bed, 11);

        var failure = Assert.Throws<DataTestsFailedException>(() => bed.Build(o => o.FcrWindowDays = FcrWindowDays));

        Assert.True(failure.Report.IsIncremental, failure.Report.ModeReason);
        DataTestResult agentDays = Assert.Single(failure.Report.FailedTests, t => t.Name == "assert_every_handled_contact_is_in_agent_days");
        Assert.Contains(agentDays.SampleRows, row => row.Contains("activity_date=2026-10-02", StringComparison.Ordinal));
    }

    [Fact]
    public void Stored_partition_counts_after_a_moved_contact_and_its_correction_equal_those_a_full_build_counts()
    {
        using var bed = HistoryOf(6);
        WriteDay(bed, 6, extra: Answered("d2-c3", agent: "a3", customer: "cust-4", offeredAt: Morning.AddDays(6).AddHours(5)));
        Assert.True(bed.Build(o => o.FcrWindowDays = FcrWindowDays).IsIncremental);
        AssertSameCountsAsFullBuild(bed);

        bed.Lake.Write(ExtractContracts.Contacts, Date(6), Contacts(6), hash: "eeeeeeeeeeee", time: "030000000");
        BuildReport corrected = bed.Build(o => o.FcrWindowDays = FcrWindowDays);
        Assert.True(corrected.IsIncremental, corrected.ModeReason);
        AssertSameCountsAsFullBuild(bed);
    }

    [Fact]
    public void Counting_the_whole_lake_names_a_lake_contact_in_no_fact_row_and_a_fact_row_its_lake_partition_does_not_hold()
    {
        using var bed = HistoryOf(3);
        Rewrite(bed, "fct_contact/contact_date=2026-10-02", "select * from rows where contact_id <> 'd1-c2'");
        Rewrite(bed, "fct_contact/contact_date=2026-10-01", "select * replace (case when contact_id = 'd0-c1' then date '2026-10-03' else extract_date end as extract_date) from rows");
        using DuckDBConnection connection = MartConnection.Open(bed.DatabasePath);

        IReadOnlyList<SqlModel> models = ModelCatalog.Discover(RepositoryRoot.Sql,
            MartBuilder.CreateTemplate(bed.Lake.LakeRoot, KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"))));
        (DataTestResult? result, bool fromStoredCounts) = RowConservation.Check(connection, IncrementalPlan.Full("test", []), bed.Lake.LakeRoot, models, incremental: false);

        Assert.False(fromStoredCounts);
        Assert.NotNull(result);
        Assert.False(result.Passed);
        Assert.Equal(
            [
                "lake contact d1-c2 of extract_date=2026-10-02 is in no marts.fct_contact row",
                "marts.fct_contact row d0-c1 names extract_date=2026-10-03, whose latest extract does not hold it",
                "totals: 72 lake contact(s) in latest extracts - 0 kept from another partition = 72, but marts.fct_contact has 71 row(s)",
            ],
            result.SampleRows);
    }

    /// <summary>The per-partition counts a mart stores equal those a full build of the same lake counts.</summary>
    internal static void AssertSameCounts(string actualDatabase, string expectedDatabase)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var attach = connection.CreateCommand())
        {
            attach.CommandText = $"attach '{actualDatabase}' as actual (read_only); attach '{expectedDatabase}' as expected (read_only)";
            attach.ExecuteNonQuery();
        }

        foreach (string table in new[] { RowConservation.LakeRows, RowConservation.Superseded, RowConservation.FactRows })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                select count(*) from (
                    (select * from actual.{table} except all select * from expected.{table})
                    union all
                    (select * from expected.{table} except all select * from actual.{table}))
                """;
            Assert.True(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0, $"{table} differs from a full build's");
        }
    }

    private static void AssertSameCountsAsFullBuild(MartTestBed bed)
    {
        using var full = new TempFolder();
        MartBuilder.Build(new MartOptions { LakeDirectory = bed.Lake.LakeRoot, MartDirectory = full.Path, SqlDirectory = RepositoryRoot.Sql, FcrWindowDays = FcrWindowDays });
        AssertSameCounts(bed.DatabasePath, Path.Combine(full.Path, MartBuilder.DatabaseFileName));
    }

    private static MartTestBed HistoryOf(int days)
    {
        var bed = new MartTestBed();
        for (int day = 0; day < days; day++)
        {
            WriteDay(bed, day);
        }

        Assert.True(bed.Build(o => o.FcrWindowDays = FcrWindowDays).Succeeded);
        return bed;
    }

    private static void Corrupt(MartTestBed bed, string sql)
    {
        using DuckDBConnection connection = MartConnection.Open(bed.DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>Replaces a published partition's Parquet file (where the mart's big tables live) with <paramref name="select"/>
    /// over its rows (<c>rows</c>).</summary>
    private static void Rewrite(MartTestBed bed, string partition, string select)
    {
        string file = Path.Combine(bed.MartDirectory, partition, "data.parquet");
        Assert.True(File.Exists(file), file);
        using (DuckDBConnection connection = MartConnection.Open(bed.DatabasePath))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                create temp table rows as select * from read_parquet('{file}', hive_partitioning = false);
                create temp table rewritten as {select};
                copy rewritten to '{file}' (format parquet);
                """;
            command.ExecuteNonQuery();
        }
    }

    private static string Date(int day) => Morning.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<Dictionary<string, object?>> Contacts(int day) =>
        Enumerable.Range(0, 24).Select(i => i % 5 == 3
            ? Abandoned($"d{day}-c{i}", waitSeconds: 5 + i, customer: $"cust-{(day + i) % 9}", offeredAt: Morning.AddDays(day).AddMinutes(i * 17))
            : Answered($"d{day}-c{i}", agent: $"a{1 + (i + day) % 3}", customer: $"cust-{(day + i) % 9}", offeredAt: Morning.AddDays(day).AddMinutes(i * 17))).ToList();

    private static void WriteDay(MartTestBed bed, int day, Dictionary<string, object?>? extra = null)
    {
        string date = Date(day);
        bed.Lake.Write(ExtractContracts.Agents, date, [Agent("a1"), Agent("a2"), Agent("a3", team: "t2")]);
        var contacts = Contacts(day);
        if (extra is not null)
        {
            contacts.Add(extra);
        }

        bed.Lake.Write(ExtractContracts.Contacts, date, contacts, hash: "bbbbbbbbbbbb", time: "020000000");
        bed.Lake.Write(ExtractContracts.Shifts, date, new[] { "a1", "a2", "a3" }.Select(a => (IReadOnlyDictionary<string, object?>)Shift(a, date)).ToList());
    }
}
