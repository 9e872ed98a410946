using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>
/// An incremental build replaces only the partitions that changed and gives exactly the tables a full rebuild gives.
/// </summary>
public sealed class IncrementalBuildTests
{
    /// <summary>
    /// Every table of these schemas is compared row for row. Not compared, because they describe the build rather than
    /// the data: the <c>build_meta</c> schema (<c>build.built_at</c>, <c>build.build_mode</c>, <c>lake_files</c>,
    /// <c>definition</c>). No marts or scorecard table has a build-time column.
    /// </summary>
    // The kept staging rows too: the next build stages on top of them, so they must be the whole lake's.
    private static readonly string[] ComparedSchemas = [ModelCatalog.MartsSchema, ModelCatalog.ScorecardSchema, KpiSqlGenerator.DaysSchema, ModelCatalog.KeptStagingSchema];

    [Fact]
    public void An_incremental_build_after_a_new_day_and_a_corrected_earlier_day_gives_the_tables_of_a_full_rebuild()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 16);

        // A contact of day 5 delivered again in day 15's extract, with another time: its latest row is day 11's.
        var moved = Answered("d5-c4", agent: "a1", customer: "cust-7", offeredAt: Morning.AddDays(15).AddHours(2));
        bed.Lake.Write(ExtractContracts.Contacts, Date(15), [.. Contacts(15), moved], hash: "dddddddddddd", time: "025000000");

        // A short FCR window, so that the dates a change reaches (back by the window) leave some days untouched.
        BuildReport first = bed.Build(o => o.FcrWindowDays = 2);
        Assert.False(first.IsIncremental);
        Assert.Equal("there is no previous mart", first.ModeReason);

        // A new day (with a team change on the roster and an agent leaving, which changes every one of their agent
        // days, so the agent-day KPIs of every period are recomputed while the contact KPIs are not), a corrected re-delivery of day 3's contacts (a contact gone,
        // one answered later, one with another customer, one new), corrected case flags of day 13 and sales of day 14,
        // and day 15 corrected without a contact that had moved there.
        WriteDay(bed, 16, movedAgent: "a2", a1Leaves: true);
        var day3 = Contacts(3);
        day3.RemoveAt(5);
        day3[2] = Answered("d3-c2", waitSeconds: 300, agent: "a1", customer: "cust-2", offeredAt: Morning.AddDays(3).AddMinutes(26));
        day3[7]["customer_id"] = "cust-99";
        day3.Add(Answered("d3-extra", agent: "a3", customer: "cust-5", offeredAt: Morning.AddDays(3).AddHours(9)));
        bed.Lake.Write(ExtractContracts.Contacts, Date(3), day3, hash: "cccccccccccc", time: "030000000");
        var day13Cases = Cases(13);
        day13Cases[0]["resolved_first_contact"] = false;
        bed.Lake.Write(ExtractContracts.Cases, Date(13), day13Cases, hash: "cccccccccccc", time: "030000000");
        bed.Lake.Write(ExtractContracts.Sales, Date(14), [Sale("d14-c1-s1", "d14-c1", 999m, "a2", Morning.AddDays(14).AddMinutes(20))], hash: "cccccccccccc", time: "030000000");

        // Day 9's agent states and schedule corrected: a3's night shift (across midnight) logs in later and adds a
        // state after midnight, a2's break becomes training.
        var day9States = States(9);
        day9States.RemoveAll(r => (string)r["agent_id"]! == "a3" && (string)r["state"]! == "logged_in");
        day9States.Add(AgentState("a3", Midnight(10).AddMinutes(75), "break"));
        bed.Lake.Write(ExtractContracts.AgentStates, Date(9), day9States, hash: "cccccccccccc", time: "030000000");
        var day9Schedule = Schedule(9);
        day9Schedule.First(r => (string)r["agent_id"]! == "a2" && (string)r["activity"]! == "break")["activity"] = "training";
        bed.Lake.Write(ExtractContracts.Schedule, Date(9), day9Schedule, hash: "cccccccccccc", time: "030000000");

        // Day 15 corrected without that contact: it falls back to its day-5 row, in a partition that did not change.
        bed.Lake.Write(ExtractContracts.Contacts, Date(15), Contacts(15), hash: "eeeeeeeeeeee", time: "030000000");

        BuildReport incremental = bed.Build(o => o.FcrWindowDays = 2);

        Assert.True(incremental.Succeeded, string.Join("\n", incremental.FailedTests.Select(t => t.Describe())));
        Assert.True(incremental.IsIncremental, incremental.ModeReason);
        Assert.Contains("lake partition(s) changed", incremental.ModeReason);
        // Day 3 lost a contact, day 14 sales and day 9 a state: contacts, sales and agent states are staged from the
        // whole lake; cases, surveys and the HR datasets (none lost) from the changes.
        Assert.Equal(
            [
                "staging.stg_crm__cases", "staging.stg_crm__surveys", "staging.stg_hr__agents", "staging.stg_hr__esat_responses",
                "staging.stg_hr__schedule", "staging.stg_hr__shifts", "staging.stg_hr__trainings",
            ],
            incremental.StagedFromChanges);
        Assert.Contains(new DateOnly(2026, 10, 17), incremental.AffectedDates);
        Assert.Contains(new DateOnly(2026, 10, 4), incremental.AffectedDates);
        // Day 3's contacts (from 09:00) settle, as repeats, their customers' contacts offered up to 2 days before them:
        // from 2 October 09:00, so 1 October is not reached.
        Assert.Contains(new DateOnly(2026, 10, 2), incremental.AffectedDates);
        Assert.DoesNotContain(new DateOnly(2026, 10, 1), incremental.AffectedDates);
        Assert.Contains(new DateOnly(2026, 10, 6), incremental.AffectedDates);
        Assert.DoesNotContain(new DateOnly(2026, 10, 8), incremental.AffectedDates);

        // The agent-day KPIs are recomputed for every period (a1's leaving date is on all their days), the contact KPIs
        // only for the periods of the affected dates: fewer KPI values than every KPI for every recomputed period.
        int kpis = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml")).Kpis.Count;
        Assert.InRange(incremental.AffectedKpiPeriods, 1, kpis * incremental.AffectedPeriods - 1);

        using var full = new TempFolder();
        BuildReport rebuilt = MartBuilder.Build(new MartOptions
        {
            LakeDirectory = bed.Lake.LakeRoot,
            MartDirectory = full.Path,
            SqlDirectory = RepositoryRoot.Sql,
            FcrWindowDays = 2,
        });
        Assert.False(rebuilt.IsIncremental);

        AssertSameTables(bed.DatabasePath, Path.Combine(full.Path, MartBuilder.DatabaseFileName));
        IncrementalDataTestTests.AssertSameCounts(bed.DatabasePath, Path.Combine(full.Path, MartBuilder.DatabaseFileName));
        Assert.Equal(24L, bed.Count("select count(*) from marts.fct_contact where contact_date = date '2026-10-04'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'd3-extra'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'd5-c4' and contact_date = date '2026-10-06'"));
    }

    [Fact]
    public void Refreshed_day_terms_keep_a_kpi_in_the_build_scope_only_for_the_periods_in_which_one_of_its_own_terms_changed()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 10);

        Assert.False(bed.Build().IsIncremental);
        var registry = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));
        string[] contactKpis = registry.Kpis.Where(k => k.Source == "contacts").Select(k => k.Id).ToArray();
        using var copy = new TempFolder();
        CopyFolder(bed.MartDirectory, copy.Path);
        using DuckDBConnection connection = MartConnection.Open(Path.Combine(copy.Path, MartBuilder.DatabaseFileName));

        // The scope of a build recomputing the contacts of Tuesday 2026-10-06: every contact KPI for that day, its ISO
        // week (from Monday 2026-10-05) and its month.
        void Scope()
        {
            Execute(connection, $"""
                create schema if not exists build_scope;
                create or replace table build_scope.kpi_dates as select 'contacts' as source, date '2026-10-06' as date_day;
                create or replace table build_scope.kpi_periods as
                select kpi_id, period_grain, period_start
                from (values {string.Join(", ", contactKpis.Select(k => $"('{k}')"))}) as kpis (kpi_id)
                cross join (values ('day', date '2026-10-06'), ('week', date '2026-10-05'), ('month', date '2026-10-01')) as periods (period_grain, period_start)
                """);
        }

        string StoredTerms() => string.Join("|", Rows(connection, "select * from kpi_days.contacts order by all"));
        string storedBefore = StoredTerms();

        // Nothing changed on that day: the terms recomputed equal the stored ones and no KPI value is left to recompute.
        Scope();
        KpiDayTerms.Refresh(connection, registry, incremental: true);
        Assert.Equal(0L, KpiDayTerms.NarrowKpiPeriods(connection, registry));
        Assert.Equal(storedBefore, StoredTerms());

        // Longer handling on that day changes AHT's terms only (handle seconds of handled contacts): AHT alone is
        // recomputed, for the day, the week and the month; sales, waits and FCR of that day keep their stored rows.
        Execute(connection, """
            create table main.fct_contact_edited as
            select * replace (case when contact_date = date '2026-10-06' and is_handled then handle_seconds + 60 else handle_seconds end as handle_seconds)
            from marts.fct_contact
            """);
        bool isView = Count(connection, "select count(*) from duckdb_views() where schema_name = 'marts' and view_name = 'fct_contact'") > 0;
        Execute(connection, $"drop {(isView ? "view" : "table")} marts.fct_contact; create table marts.fct_contact as select * from main.fct_contact_edited");
        Scope();
        KpiDayTerms.Refresh(connection, registry, incremental: true);
        Assert.Equal(3L, KpiDayTerms.NarrowKpiPeriods(connection, registry));
        Assert.Equal(
            ["average_handle_time day 2026-10-06", "average_handle_time month 2026-10-01", "average_handle_time week 2026-10-05"],
            Rows(connection, "select kpi_id || ' ' || period_grain || ' ' || strftime(period_start, '%Y-%m-%d') from build_scope.kpi_periods order by 1"));
        Assert.NotEqual(storedBefore, StoredTerms());
        string recomputed = KpiSqlGenerator.DayTermQueries(registry).Single(q => q.Source.Name == "contacts").Query
            .Replace(KpiSqlGenerator.DayFilter, "contact_date = date '2026-10-06'", StringComparison.Ordinal);
        Assert.Equal(0L, Count(connection, $"select count(*) from ((select * from kpi_days.contacts where day = date '2026-10-06' except all ({recomputed})) union all (({recomputed}) except all select * from kpi_days.contacts where day = date '2026-10-06'))"));
    }

    [Fact]
    public void Contacts_staged_from_the_changed_partitions_and_the_previous_mart_give_the_tables_of_a_full_rebuild()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 10);

        bed.Build(o => o.FcrWindowDays = 2);

        // A new day that also delivers a contact of day 2 again with another time (it moves to day 10), and day 4
        // corrected without dropping a contact: one answered later, one with another customer, one new.
        WriteDay(bed, 10);
        var contacts = Contacts(10);
        contacts.Add(Answered("d2-c3", agent: "a3", customer: "cust-4", offeredAt: Morning.AddDays(10).AddHours(5)));
        bed.Lake.Write(ExtractContracts.Contacts, Date(10), contacts, hash: "dddddddddddd", time: "025000000");
        var day4 = Contacts(4);
        day4[2] = Answered("d4-c2", waitSeconds: 300, agent: "a1", customer: "cust-2", offeredAt: Morning.AddDays(4).AddMinutes(26));
        day4[7]["customer_id"] = "cust-99";
        day4.Add(Answered("d4-extra", agent: "a3", customer: "cust-5", offeredAt: Morning.AddDays(4).AddHours(9)));
        bed.Lake.Write(ExtractContracts.Contacts, Date(4), day4, hash: "cccccccccccc", time: "030000000");

        BuildReport incremental = bed.Build(o => o.FcrWindowDays = 2);

        Assert.True(incremental.Succeeded, string.Join("\n", incremental.FailedTests.Select(t => t.Describe())));
        Assert.True(incremental.IsIncremental, incremental.ModeReason);
        Assert.Equal(
            [
                "staging.stg_crm__cases", "staging.stg_crm__sales", "staging.stg_crm__surveys", "staging.stg_hr__agents",
                "staging.stg_hr__esat_responses", "staging.stg_hr__schedule", "staging.stg_hr__shifts", "staging.stg_hr__trainings",
                "staging.stg_telephony__agent_states", "staging.stg_telephony__contacts",
            ],
            incremental.StagedFromChanges);
        AssertSameTablesAsFullRebuild(bed, fcrWindowDays: 2);
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'd2-c3' and contact_date = date '2026-10-11'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'd4-extra'"));
    }

    [Fact]
    public void Hr_extracts_are_staged_from_the_changed_partitions_over_the_rows_the_previous_build_kept_in_the_mart_file()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 9);

        bed.Build(o => o.FcrWindowDays = 2);
        long keptShifts = bed.Count("select count(*) from staged.stg_hr__shifts");
        Assert.True(keptShifts > 0);

        // A new day, day 2's shifts corrected (a2 paid an hour more) and day 5's training delivered again without
        // a3's coaching: that row may be in an older extract, so the training is staged from the whole lake.
        WriteDay(bed, 9);
        bed.Lake.Write(ExtractContracts.Shifts, Date(2),
            Agents(2).Select(a => (IReadOnlyDictionary<string, object?>)Shift(a, Date(2), paidSeconds: a == "a2" ? 32_400 : 28_800)).ToList(),
            hash: "cccccccccccc", time: "030000000");
        bed.Lake.Write(ExtractContracts.Training, Date(5), [Training("a1", Date(5), 2m)], hash: "cccccccccccc", time: "030000000");

        BuildReport incremental = bed.Build(o => o.FcrWindowDays = 2);

        Assert.True(incremental.Succeeded, string.Join("\n", incremental.FailedTests.Select(t => t.Describe())));
        Assert.True(incremental.IsIncremental, incremental.ModeReason);
        Assert.Contains("staging.stg_hr__shifts", incremental.StagedFromChanges);
        Assert.Contains("staging.stg_hr__agents", incremental.StagedFromChanges);
        Assert.DoesNotContain("staging.stg_hr__trainings", incremental.StagedFromChanges);
        Assert.Equal(1L, bed.Count("select count(*) from staged.stg_hr__shifts where agent_id = 'a2' and shift_date = date '2026-10-03' and paid_seconds = 32400"));
        Assert.Equal(0L, bed.Count("select count(*) from staged.stg_hr__trainings where agent_id = 'a3' and training_date = date '2026-10-06'"));
        Assert.True(bed.Count("select count(*) from staged.stg_hr__shifts") > keptShifts);
        AssertSameTablesAsFullRebuild(bed, fcrWindowDays: 2);
    }

    [Fact]
    public void Corrected_cases_sales_and_surveys_recompute_the_days_they_were_on_and_moved_to_and_give_the_tables_of_a_full_rebuild()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 10);

        bed.Build(o => o.FcrWindowDays = 2);

        // Day 3's cases again: one opened on day 6 after all, one escalated and closed on day 8. Day 5's surveys again,
        // one answered on day 9. Day 2's sales again, one with another amount.
        var cases = Cases(3);
        cases[1]["opened_at"] = Morning.AddDays(6).AddHours(9);
        cases[3]["status"] = "escalated";
        cases[3]["closed_at"] = Morning.AddDays(8).AddHours(1);
        bed.Lake.Write(ExtractContracts.Cases, Date(3), cases, hash: "cccccccccccc", time: "030000000");
        var surveys = Surveys(5);
        surveys[0]["responded_at"] = Morning.AddDays(9).AddHours(3);
        bed.Lake.Write(ExtractContracts.Surveys, Date(5), surveys, hash: "cccccccccccc", time: "030000000");
        var sales = Sales(2);
        sales[0]["amount"] = 999m;
        bed.Lake.Write(ExtractContracts.Sales, Date(2), sales, hash: "cccccccccccc", time: "030000000");
        var messages = new List<string>();

        BuildReport incremental = MartBuilder.Build(new MartOptions
        {
            LakeDirectory = bed.Lake.LakeRoot,
            MartDirectory = bed.MartDirectory,
            SqlDirectory = RepositoryRoot.Sql,
            FcrWindowDays = 2,
        }, new RecordingProgress(messages));

        Assert.True(incremental.Succeeded, string.Join("\n", incremental.FailedTests.Select(t => t.Describe())));
        Assert.True(incremental.IsIncremental, incremental.ModeReason);
        Assert.Equal(
            [
                "staging.stg_crm__cases", "staging.stg_crm__sales", "staging.stg_crm__surveys", "staging.stg_hr__agents",
                "staging.stg_hr__esat_responses", "staging.stg_hr__schedule", "staging.stg_hr__shifts", "staging.stg_hr__trainings",
                "staging.stg_telephony__agent_states", "staging.stg_telephony__contacts",
            ],
            incremental.StagedFromChanges);
        // Each fact replaces the days its changed rows were on and moved to, not its history.
        Assert.Contains(messages, m => m.StartsWith("build scope: marts.fct_case 2 opened_date(s)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("build scope: marts.fct_survey 2 responded_date(s)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("build scope: marts.fct_sale 1 sold_date(s)", StringComparison.Ordinal));
        AssertSameTablesAsFullRebuild(bed, fcrWindowDays: 2);
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_case where case_id = 'd3-c6-k' and opened_date = date '2026-10-07'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_case where case_id = 'd3-c18-k' and closed_date = date '2026-10-09' and status = 'escalated'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_sale where amount = 999"));
    }

    [Fact]
    public void A_leaving_day_from_a_corrected_roster_reopens_the_days_it_changes_not_the_leavers_history_and_gives_the_tables_of_a_full_rebuild()
    {
        // Days 25 to 35: October 26 to November 5, so agent retention has two months.
        using var bed = new MartTestBed();
        for (int day = 25; day <= 35; day++)
        {
            WriteDay(bed, day);
        }

        bed.Build();

        // The roster of the last day corrected: a1 left on November 3. Every one of a1's agent days now carries that
        // left_date; only November 3 (its leaving day) and the days after it (no longer employed) change otherwise.
        bed.Lake.Write(ExtractContracts.Agents, Date(35),
        [
            Agent("a1", team: "t1", left: Date(33)),
            Agent("a2", team: "t1"),
            Agent("a3", team: "t2", hourlyCost: 25m),
            Agent("a4", team: "t2", left: "2026-10-08"),
        ], hash: "dddddddddddd", time: "030000000");
        var messages = new List<string>();
        BuildReport incremental = MartBuilder.Build(new MartOptions
        {
            LakeDirectory = bed.Lake.LakeRoot,
            MartDirectory = bed.MartDirectory,
            SqlDirectory = RepositoryRoot.Sql,
        }, new RecordingProgress(messages));

        Assert.True(incremental.Succeeded, string.Join("\n", incremental.FailedTests.Select(t => t.Describe())));
        Assert.True(incremental.IsIncremental, incremental.ModeReason);
        Assert.Contains(messages, m => m.StartsWith("build scope: ", StringComparison.Ordinal) && m.Contains("agent_days 3", StringComparison.Ordinal));
        Assert.Equal(0L, bed.Count("select count(*) from scorecard.fct_kpi where kpi_id = 'agent_retention' and period_grain = 'month' and period_start = date '2026-11-01' and level = 'centre' and numerator = denominator"));
        AssertSameTablesAsFullRebuild(bed, fcrWindowDays: new MartOptions().FcrWindowDays);
    }

    [Fact]
    public void A_new_day_rewrites_its_own_contact_file_and_the_fcr_files_of_the_days_its_repeats_and_the_moved_end_of_data_settle()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 8);

        bed.Build(o => o.FcrWindowDays = 2);
        WriteDay(bed, 8);

        BuildReport next = bed.Build(o => o.FcrWindowDays = 2);

        Assert.True(next.IsIncremental, next.ModeReason);
        // The contact rows of the days before are what they were: only the new day's file of fct_contact is written.
        Assert.Equal([$"fct_contact/contact_date={Date(8)}/data.parquet"], next.WrittenFiles.Where(f => f.StartsWith("fct_contact/", StringComparison.Ordinal)));
        // Their FCR is not: the new day's repeat contacts settle contacts up to the window before it, and the end of the
        // data moving on observes another day's windows.
        var fcrFiles = next.WrittenFiles.Where(f => f.StartsWith("fct_contact_resolution/", StringComparison.Ordinal)).ToList();
        Assert.Contains($"fct_contact_resolution/contact_date={Date(8)}/data.parquet", fcrFiles);
        Assert.Contains($"fct_contact_resolution/contact_date={Date(6)}/data.parquet", fcrFiles);
        Assert.DoesNotContain($"fct_contact_resolution/contact_date={Date(2)}/data.parquet", fcrFiles);
        AssertSameTablesAsFullRebuild(bed, fcrWindowDays: 2);
    }

    [Fact]
    public void A_day_delivered_again_with_the_same_contacts_rewrites_its_contact_file_and_no_fcr_file()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 8);

        bed.Build(o => o.FcrWindowDays = 2);
        // Another extract of day 6 with the same contacts: their rows in fct_contact name the new extract, their first-
        // contact resolution (and that of the days whose window reaches day 6) is recomputed and comes out the same.
        bed.Lake.Write(ExtractContracts.Contacts, Date(6), Contacts(6), hash: "dddddddddddd", time: "030000000");

        BuildReport next = bed.Build(o => o.FcrWindowDays = 2);

        Assert.True(next.IsIncremental, next.ModeReason);
        Assert.True(next.AffectedContacts >= Contacts(6).Count, $"{next.AffectedContacts} contact(s) recomputed");
        Assert.Contains($"fct_contact/contact_date={Date(6)}/data.parquet", next.WrittenFiles);
        Assert.DoesNotContain(next.WrittenFiles, f => f.StartsWith("fct_contact_resolution/", StringComparison.Ordinal));
        AssertSameTablesAsFullRebuild(bed, fcrWindowDays: 2);
    }

    [Fact]
    public void When_the_end_of_data_passes_their_window_only_contacts_without_a_repeat_are_recomputed_and_their_customers_other_contacts_are_not_read()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 6);

        bed.Build(o => o.FcrWindowDays = 2);
        // Day 6's contacts are all of new customers: they are no repeat of an earlier contact. The end of the data moving
        // on by a day now covers the windows of day 4's contacts (offered 09:00-13:59, as day 6's).
        WriteDay(bed, 6);
        var day6 = Contacts(6);
        day6.ForEach(c => c["customer_id"] = "new-" + c["contact_id"]);
        bed.Lake.Write(ExtractContracts.Contacts, Date(6), day6, hash: "dddddddddddd", time: "030000000");
        string day4 = $"contact_date = date '{Date(4)}'";
        long unsettled = bed.Count($"select count(*) from marts.fct_contact_resolution where {day4} and fcr_method is null");
        long settled = bed.Count($"select count(*) from marts.fct_contact_resolution where {day4} and fcr_method is not null");
        Assert.True(unsettled > 0 && settled > 0, $"day 4 has {unsettled} unsettled and {settled} settled contacts");

        BuildReport next = bed.Build(o => o.FcrWindowDays = 2);

        Assert.True(next.IsIncremental, next.ModeReason);
        // Day 6's own contacts and day 4's unsettled ones: not day 4's with a repeat or a case flag (they keep their rows),
        // nor the other contacts of day 4's customers (their repeats were not read again).
        Assert.Equal(day6.Count + unsettled, next.AffectedContacts);
        Assert.Equal(0L, bed.Count($"select count(*) from marts.fct_contact_resolution where {day4} and fcr_method is null"));
        AssertSameTablesAsFullRebuild(bed, fcrWindowDays: 2);
    }

    [Fact]
    public void A_build_with_nothing_new_is_incremental_recomputes_no_date_and_changes_no_table()
    {
        using var bed = new MartTestBed();
        using var before = new TempFolder();
        WriteDays(bed, 4);

        bed.Build();
        CopyFolder(Path.GetDirectoryName(bed.DatabasePath)!, before.Path);

        BuildReport again = bed.Build();

        Assert.True(again.IsIncremental, again.ModeReason);
        Assert.Equal("no lake partition changed since the previous build", again.ModeReason);
        Assert.Empty(again.AffectedDates);
        Assert.Equal(0, again.AffectedContacts);
        Assert.Empty(again.WrittenFiles);
        AssertSameTables(bed.DatabasePath, Path.Combine(before.Path, MartBuilder.DatabaseFileName));
    }

    [Fact]
    public void Changed_build_settings_or_an_explicit_request_force_a_full_rebuild_that_says_why()
    {
        using var bed = new MartTestBed();
        WriteDays(bed, 3);

        bed.Build();

        BuildReport forced = bed.Build(o => o.FullRebuild = true);
        BuildReport settings = bed.Build(o => o.FcrWindowDays = 3);

        Assert.False(forced.IsIncremental);
        Assert.Equal("a full rebuild was asked for (--full)", forced.ModeReason);
        Assert.False(settings.IsIncremental);
        Assert.Equal("the build settings changed since the previous build", settings.ModeReason);
        Assert.True(bed.Count("select count(*) from marts.fct_contact_resolution where fcr_window_days = 3") > 0);
    }

    private static string Date(int day) => Morning.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Midnight(int day) => Morning.AddDays(day).AddHours(-9);

    /// <summary>a1 and a2 by day, a3 by night across midnight UTC; a4 until they leave.</summary>
    private static List<Dictionary<string, object?>> Schedule(int day) =>
        Agents(day).SelectMany((a, i) => ShiftActivities(a, Midnight(day).AddHours(a == "a3" ? 21 : 8 + 2 * i), 8)).ToList();

    private static List<Dictionary<string, object?>> States(int day) =>
        Agents(day).SelectMany((a, i) => ShiftStates(a, Midnight(day).AddHours(a == "a3" ? 21 : 8 + 2 * i), 8, day % 5, logsOut: day % 4 != 2 || a != "a2")).ToList();

    private static string[] Agents(int day) => day >= 8 ? ["a1", "a2", "a3"] : ["a1", "a2", "a3", "a4"];

    private static List<Dictionary<string, object?>> Contacts(int day)
    {
        string[] channels = ["voice", "voice", "voice", "chat", "email", "social"];
        var contacts = new List<Dictionary<string, object?>>();
        for (int i = 0; i < 24; i++)
        {
            string id = $"d{day}-c{i}";
            string channel = channels[i % channels.Length];
            DateTimeOffset offered = Morning.AddDays(day).AddMinutes(i * 13);
            string customer = $"cust-{(day * 24 + i) % 41}";
            if (i % 7 == 3)
            {
                contacts.Add(Abandoned(id, waitSeconds: 2 + i, channel: channel, queue: $"q-{channel}", customer: customer, offeredAt: offered));
                continue;
            }

            string[] agents = Agents(day);
            contacts.Add(Answered(id, waitSeconds: 5 + (i * 3 % 40), channel: channel, queue: $"q-{channel}", agent: agents[(i + day) % agents.Length],
                customer: customer, offeredAt: offered, talkSeconds: 60 + i * 10, holdSeconds: i % 3 * 5, outcome: i % 11 == 0 ? "transferred" : "answered"));
        }

        return contacts;
    }

    private static List<Dictionary<string, object?>> Cases(int day) =>
        Contacts(day).Where((c, i) => i % 6 == 0 && (string)c["outcome"]! != "abandoned").Select((c, i) => Case(
            $"{c["contact_id"]}-k", (string)c["customer_id"]!, (string)c["contact_id"]!, resolvedFirstContact: i % 2 == 0 ? true : null,
            complaint: i % 3 == 0, status: i % 2 == 0 ? "resolved" : "open", openedAt: ((DateTimeOffset)c["offered_at"]!).AddMinutes(2),
            closedAt: i % 2 == 0 ? ((DateTimeOffset)c["offered_at"]!).AddDays(1) : null)).ToList();

    private static List<Dictionary<string, object?>> Sales(int day) => SalesOf(Contacts(day), day);

    private static List<Dictionary<string, object?>> Surveys(int day) => SurveysOf(Contacts(day), day);

    /// <summary>Days 0 to <paramref name="count"/> - 1, each as <see cref="WriteDay"/> writes it.</summary>
    private static void WriteDays(MartTestBed bed, int count)
    {
        for (int day = 0; day < count; day++)
        {
            WriteDay(bed, day);
        }
    }

    private static void WriteDay(MartTestBed bed, int day, string? movedAgent = null, bool a1Leaves = false)
    {
        string date = Date(day);
        bed.Lake.Write(ExtractContracts.Agents, date,
        [
            Agent("a1", team: "t1", left: a1Leaves ? date : null),
            Agent("a2", team: movedAgent == "a2" ? "t2" : "t1"),
            Agent("a3", team: day < 5 ? "t1" : "t2", hourlyCost: 25m),
            Agent("a4", team: "t2", left: "2026-10-08"),
        ]);
        var contacts = Contacts(day);
        bed.Lake.Write(ExtractContracts.Contacts, date, contacts, hash: "bbbbbbbbbbbb", time: "020000000");
        bed.Lake.Write(ExtractContracts.Cases, date, Cases(day));
        bed.Lake.Write(ExtractContracts.Sales, date, Sales(day));
        bed.Lake.Write(ExtractContracts.Surveys, date, Surveys(day));
        bed.Lake.Write(ExtractContracts.Shifts, date, Agents(day).Select(a => (IReadOnlyDictionary<string, object?>)Shift(a, date)).ToList());
        bed.Lake.Write(ExtractContracts.EmployeeSurveys, date, [Esat($"e{day}", 1 + day % 5, team: day % 2 == 0 ? "t1" : "t2", respondedAt: Morning.AddDays(day))]);
        bed.Lake.Write(ExtractContracts.Schedule, date, Schedule(day));
        bed.Lake.Write(ExtractContracts.AgentStates, date, States(day));
        if (day % 4 == 1)
        {
            bed.Lake.Write(ExtractContracts.Training, date, [Training("a1", date, 2m), Training("a3", date, 1.5m, "coaching")]);
        }
    }

    /// <summary>
    /// Both marts hold the same tables with the same rows, compared with EXCEPT ALL in both directions. Floating-point
    /// columns are compared rounded to 8 decimals: DuckDB sums doubles in parallel in no fixed order, so two full
    /// rebuilds of the same lake already differ in the last bits of a weighted score or a correlation.
    /// </summary>
    /// <summary>Rebuilds the bed's lake in full in a folder of its own and asserts the bed's mart has its tables.</summary>
    private static void AssertSameTablesAsFullRebuild(MartTestBed bed, int fcrWindowDays)
    {
        using var full = new TempFolder();
        MartBuilder.Build(new MartOptions
        {
            LakeDirectory = bed.Lake.LakeRoot,
            MartDirectory = full.Path,
            SqlDirectory = RepositoryRoot.Sql,
            FcrWindowDays = fcrWindowDays,
        });
        AssertSameTables(bed.DatabasePath, Path.Combine(full.Path, MartBuilder.DatabaseFileName));
    }

    internal static void AssertSameTables(string actualDatabase, string expectedDatabase)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, $"attach '{actualDatabase}' as actual (read_only); attach '{expectedDatabase}' as expected (read_only)");
        List<string> actualTables = Tables(connection, "actual");
        Assert.Equal(Tables(connection, "expected"), actualTables);
        Assert.Contains("marts.fct_contact", actualTables);
        Assert.Contains("scorecard.fct_kpi", actualTables);
        Assert.Contains($"{ModelCatalog.KeptStagingSchema}.stg_hr__agents", actualTables);
        var split = SplitTables(connection, "actual");
        Assert.Equal(SplitTables(connection, "expected"), split);
        Assert.Contains("marts.fct_contact", split);

        // A table split into partitions is a view of its Parquet files, named relative to the mart's folder.
        string Source(string catalog, string database, string table) => split.Contains(table)
            ? $"read_parquet('{Path.Combine(Path.GetDirectoryName(database)!, table.Split('.')[1])}/*/data.parquet', hive_partitioning = false)"
            : $"{catalog}.{table}";
        var differences = new List<string>();
        foreach (string table in actualTables)
        {
            string columns = Columns(connection, table);
            string expected = $"select {columns} from {Source("expected", expectedDatabase, table)}";
            string actual = $"select {columns} from {Source("actual", actualDatabase, table)}";
            long missing = Count(connection, $"select count(*) from ({expected} except all {actual})");
            long extra = Count(connection, $"select count(*) from ({actual} except all {expected})");
            if (missing + extra > 0)
            {
                differences.Add($"{table}: {missing} row(s) of the full rebuild missing, {extra} row(s) not in it; e.g. "
                    + Sample(connection, $"select * from ({expected} except all {actual}) limit 2") + " instead of "
                    + Sample(connection, $"select * from ({actual} except all {expected}) limit 2"));
            }
        }

        // The latest contact per date, which an incremental build keeps up to date for the dates it replaced (and the
        // next build reads instead of every contact), matches the full rebuild's.
        long contactDays = Count(connection, """
            select count(*) from (
                (select * from expected.build_meta.contact_days except all select * from actual.build_meta.contact_days)
                union all
                (select * from actual.build_meta.contact_days except all select * from expected.build_meta.contact_days))
            """);
        if (contactDays > 0)
        {
            differences.Add($"build_meta.contact_days: {contactDays} row(s) differ");
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));

        // The Parquet beside the incremental mart, of which a build rewrites only the partitions that changed, holds
        // the rows of its database.
        string folder = Path.GetDirectoryName(actualDatabase)!;
        if (Directory.EnumerateDirectories(folder).Any())
        {
            Assert.Empty(Reliability.TableComparison.ParquetAgainstDatabase(folder));
        }
    }

    private static List<string> Tables(DuckDBConnection connection, string catalog)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            select schema_name || '.' || table_name from duckdb_tables()
            where database_name = '{catalog}' and schema_name in ({string.Join(", ", ComparedSchemas.Select(s => $"'{s}'"))})
            union all
            select schema_name || '.' || view_name from duckdb_views()
            where database_name = '{catalog}' and schema_name in ({string.Join(", ", ComparedSchemas.Select(s => $"'{s}'"))})
            order by 1
            """;
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Copies a mart folder (the database and its tables' Parquet).</summary>
    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The tables split into partitions: views of their Parquet files in the mart's database.</summary>
    private static List<string> SplitTables(DuckDBConnection connection, string catalog)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select schema_name || '.' || view_name from duckdb_views() where database_name = '{catalog}' and not internal order by 1";
        using var reader = command.ExecuteReader();
        var views = new List<string>();
        while (reader.Read())
        {
            views.Add(reader.GetString(0));
        }

        return views;
    }

    private static string Columns(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        string[] parts = table.Split('.');
        command.CommandText = $"""
            select column_name, data_type from duckdb_columns()
            where database_name = 'expected' and schema_name = '{parts[0]}' and table_name = '{parts[1]}'
            order by column_index
            """;
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            string name = reader.GetString(0);
            columns.Add(reader.GetString(1) is "DOUBLE" or "FLOAT" ? $"round({name}, 8) as {name}" : name);
        }

        return string.Join(", ", columns);
    }

    private static string Sample(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}")));
        }

        return string.Join(" | ", rows);
    }

    private static List<string> Rows(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static long Count(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class RecordingProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }
}
