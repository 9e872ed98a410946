using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Mapping;

namespace Scorecard.Pipeline.Tests.Workforce;

/// <summary>The interval view over the real Technion "Anonymous Bank" February 1999 call log, through its built-in
/// mapping, in the centre's own time zone (Israel). Credit: Technion SEE Center (I. Guedj, A. Mandelbaum).</summary>
public sealed class TechnionIntervalTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Technion_intervals_add_up_to_its_day_rows_and_keep_calls_of_unknown_agents()
    {
        SharedDatasets.Require();
        var store = new LocalFolderStore(_folder.Path);
        await store.EnsureContainersAsync();
        await store.UploadFileAsync(StoreContainers.Landing, TechnionIngest.LandingPath,
            SharedDatasets.File("technion-anonymous-bank", "data_anonymous_bank_february.txt"));
        IReadOnlyList<IngestResult> ingested = await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();
        Assert.All(ingested, r => Assert.Equal(IngestStatus.Ingested, r.Status));

        var options = new MartOptions { LakeDirectory = "-", MartDirectory = "-", TimeZone = "Asia/Jerusalem", IntervalMinutes = 30 };
        MartBuildRecord record = await new MartPublisher(store, options).BuildAsync(TimeSpan.FromSeconds(10));

        // The build ran assert_queue_intervals_add_up_to_kpi_days among its data tests; checked again here directly.
        Assert.True(record.Succeeded, string.Join(", ", record.DataTestsFailed));
        using var connection = MartConnection.OpenReadOnly(Path.Combine(_folder.Path, "mart"));
        long mismatches = Scalar(connection, """
            with days as (
                select queue_id, contact_date, sum(answered_within_threshold_contacts) as met, sum(offered_contacts) as offered,
                    sum(abandoned_contacts) as abandoned, sum(handled_contacts) as handled, sum(handle_seconds) as handle_seconds
                from marts.fct_queue_interval group by all
            ),
            kpis as (
                select member_id as queue_id, period_start as contact_date,
                    max(numerator) filter (where kpi_id = 'service_level') as met, max(denominator) filter (where kpi_id = 'service_level') as offered,
                    max(numerator) filter (where kpi_id = 'abandon_rate') as abandoned,
                    max(numerator) filter (where kpi_id = 'calls_handled') as handled,
                    max(numerator) filter (where kpi_id = 'average_handle_time') as handle_seconds
                from scorecard.fct_kpi where level = 'queue' and period_grain = 'day' group by all
            )
            select count(*) from days full outer join kpis using (queue_id, contact_date)
            where days.met is distinct from kpis.met or days.offered is distinct from kpis.offered
                or days.abandoned is distinct from kpis.abandoned or days.handled is distinct from kpis.handled
                or days.handle_seconds is distinct from kpis.handle_seconds
            """);
        Assert.Equal(0, mismatches);
        // Every answered call in the lake is handled at centre level, the 491 NO_SERVER calls included (the source's 27,162
        // AGENT calls less the 121 of them quarantined: no service start, or clocks running backwards); the NO_SERVER calls are in no agent's figures.
        Assert.Equal(27_041, Scalar(connection, "select sum(handled_contacts) from marts.fct_queue_interval"));
        Assert.Equal(27_041, Scalar(connection, "select sum(numerator) from scorecard.fct_kpi where kpi_id = 'calls_handled' and level = 'centre' and period_grain = 'month'"));
        Assert.Equal(491, Scalar(connection, "select sum(handled_by_unknown_agent_contacts) from marts.fct_queue_interval"));
        Assert.Equal(27_041 - 491, Scalar(connection, """
            select sum(numerator) from scorecard.fct_kpi where kpi_id = 'calls_handled' and level = 'agent' and period_grain = 'month'
            """));
        // Half-hours of Israel time: the first call offered on 1 February went straight to an agent at 6:59:53 local
        // (4:59:53 UTC), so the day's first interval is 6:30-7:00 local.
        Assert.Equal("1999-02-01 06:30:00", Text(connection, """
            select strftime(min(interval_start_local), '%Y-%m-%d %H:%M:%S') from marts.fct_queue_interval where interval_date = date '1999-02-01'
            """));
        // Without a schedule there are no scheduled agents, but Erlang C still says how many the traffic needed.
        Assert.Equal(0, Scalar(connection, "select count(*) from scorecard.fct_interval_staffing where scheduled_agents is not null"));
        Assert.True(Scalar(connection, "select count(*) from scorecard.fct_interval_staffing where required_agents > 0") > 1_000);
    }

    private static long Scalar(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select cast(({sql}) as bigint)";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Text(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
