using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Workforce;
using Scorecard.SampleData;

namespace Scorecard.Pipeline.Tests.Workforce;

/// <summary>The interval, staffing and adherence tables of a mart built from generated data (schedule and agent
/// states included) through a local-folder store.</summary>
public sealed class IntradayMartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Generated_intervals_add_up_to_the_kpi_days_and_carry_scheduled_and_logged_in_agents()
    {
        using DuckDBConnection connection = await BuildAsync(new MartOptions());

        Assert.Equal(0L, Scalar(connection, "select count(*) from marts.fct_queue_interval where minute(interval_start_local) not in (0, 30)"));
        Assert.True(Scalar(connection, "select count(*) from marts.fct_queue_interval where scheduled_agents > 0 and logged_in_agents > 0") > 100);
        // Spread over queues, the scheduled agents of an interval add up to the agents on shift who handled contacts that day.
        double worst = Double(connection, """
            with spread as (
                select interval_start_at, sum(scheduled_agents) as agents from marts.fct_queue_interval group by all
            ),
            direct as (
                select staffed.interval_start_at, sum(staffed.scheduled_seconds) / 1800.0 as agents
                from intermediate_copy as staffed group by all
            )
            select coalesce(max(abs(spread.agents - direct.agents)), 0) from spread inner join direct using (interval_start_at)
            """.Replace("intermediate_copy", AgentIntervalsOfHandlingAgents));
        Assert.True(worst < 1e-6, $"differs by {worst}");
    }

    [Fact]
    public async Task Required_agents_in_the_mart_are_the_library_figures_and_the_gap_allows_for_shrinkage()
    {
        using DuckDBConnection connection = await BuildAsync(new MartOptions { Shrinkage = 0.25 });

        using var command = connection.CreateCommand();
        command.CommandText = """
            select offered_contacts, staffing_aht_seconds, required_agents, required_scheduled_agents, scheduled_agents, staffing_gap_agents, predicted_service_level
            from scorecard.fct_interval_staffing where offered_contacts >= 5 and scheduled_agents > 0 order by offered_contacts desc limit 20
            """;
        using var reader = command.ExecuteReader();
        int rows = 0;
        while (reader.Read())
        {
            rows++;
            var question = new StaffingQuestion(reader.GetInt64(0), 1800, reader.GetDouble(1), 20);
            int required = ErlangC.RequiredAgents(question, new StaffingTarget(0.80)).Agents;
            Assert.Equal(required, reader.GetInt32(2));
            Assert.Equal(ErlangC.ScheduledAgents(required, 0.25), reader.GetInt32(3));
            Assert.Equal(reader.GetDouble(4) - reader.GetInt32(3), reader.GetDouble(5), 9);
            int available = (int)Math.Floor(reader.GetDouble(4) * 0.75 + 1e-6);
            double predicted = available > question.TrafficErlangs ? 100 * ErlangC.Evaluate(question, available).ServiceLevel : 0;
            Assert.Equal(predicted, reader.GetDouble(6), 9);
        }

        Assert.Equal(20, rows);
    }

    [Fact]
    public async Task Interval_length_and_time_zone_are_mart_settings()
    {
        using DuckDBConnection connection = await BuildAsync(new MartOptions { IntervalMinutes = 60, TimeZone = "Europe/Zurich" });

        Assert.Equal(0L, Scalar(connection, "select count(*) from marts.fct_queue_interval where minute(interval_start_local) <> 0 or interval_minutes <> 60"));
        // October 2026 in Zurich is UTC+2 until the 25th.
        Assert.Equal(0L, Scalar(connection, """
            select count(*) from marts.fct_queue_interval
            where interval_start_local - cast(timezone('UTC', interval_start_at) as timestamp) <> interval 2 hour
            """));
        Assert.Equal("Europe/Zurich", Text(connection, "select any_value(time_zone) from scorecard.fct_interval_staffing"));
    }

    [Fact]
    public async Task Adherence_and_conformance_of_generated_agents_are_high_but_not_perfect()
    {
        using DuckDBConnection connection = await BuildAsync(new MartOptions());

        double adherence = Double(connection, "select value from scorecard.fct_kpi where kpi_id = 'schedule_adherence' and level = 'centre' and period_grain = 'month'");
        double conformance = Double(connection, "select value from scorecard.fct_kpi where kpi_id = 'schedule_conformance' and level = 'centre' and period_grain = 'month'");
        Assert.InRange(adherence, 80, 99.9);
        Assert.InRange(conformance, 80, 110);
        // A team's month is the quotient of its agents' summed parts, never a mean of their percentages.
        Assert.Equal(0L, Scalar(connection, """
            with agents as (
                select team_id, sum(adherent_seconds) as adherent, sum(scheduled_seconds) as scheduled
                from marts.fct_agent_adherence_day group by team_id
            )
            select count(*) from scorecard.fct_kpi as kpis inner join agents on agents.team_id = kpis.member_id
            where kpis.kpi_id = 'schedule_adherence' and kpis.level = 'team' and kpis.period_grain = 'month'
                and (kpis.numerator <> agents.adherent or kpis.denominator <> agents.scheduled)
            """));
    }

    [Theory]
    [InlineData(20, "UTC", 0.3, "IntervalMinutes must be 15, 30 or 60")]
    [InlineData(30, "Mars/Olympus", 0.3, "TimeZone must be an IANA time zone")]
    [InlineData(30, "UTC", 1.0, "Shrinkage must be a fraction")]
    public void Workforce_settings_are_checked_at_start(int intervalMinutes, string timeZone, double shrinkage, string message)
    {
        var options = new MartOptions { IntervalMinutes = intervalMinutes, TimeZone = timeZone, Shrinkage = shrinkage };

        var error = Assert.Throws<ArgumentException>(options.ValidateSettings);

        Assert.Contains(message, error.Message);
    }

    /// <summary>int_agent_intervals_staffed is not published; this rebuilds its scheduled seconds for the agents that handled contacts that day.</summary>
    private const string AgentIntervalsOfHandlingAgents = """
        (select schedule.agent_id, gs.interval_start_at,
                epoch(least(schedule.ends_at, gs.interval_start_at + interval 30 minute)) - epoch(greatest(schedule.starts_at, gs.interval_start_at)) as scheduled_seconds
         from read_parquet('LAKE/hr/schedule/*/*.parquet', hive_partitioning = true) as schedule,
              lateral (select unnest(generate_series(time_bucket(interval 30 minute, schedule.starts_at), schedule.ends_at - interval 1 microsecond, interval 30 minute)) as interval_start_at) as gs
         where (schedule.agent_id, cast(gs.interval_start_at as date)) in (select (agent_id, contact_date) from marts.fct_contact where is_handled and agent_id is not null))
        """;

    private async Task<DuckDBConnection> BuildAsync(MartOptions options)
    {
        var store = new LocalFolderStore(_folder.Path);
        await store.EnsureContainersAsync();
        await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 3, Agents = 30, ContactsPerDay = 600,
        });
        IReadOnlyList<IngestResult> ingested = await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();
        Assert.All(ingested, r => Assert.Equal(IngestStatus.Ingested, r.Status));
        options.LakeDirectory = "-";
        options.MartDirectory = "-";
        MartBuildRecord record = await new MartPublisher(store, options).BuildAsync(TimeSpan.FromSeconds(30));
        Assert.True(record.Succeeded, string.Join(", ", record.DataTestsFailed));
        var connection = MartConnection.OpenReadOnly(Path.Combine(_folder.Path, StoreContainers.Mart));
        _lake = Path.Combine(_folder.Path, StoreContainers.Lake);
        return connection;
    }

    private string _lake = "";

    private long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select cast(({sql.Replace("LAKE", _lake)}) as bigint)";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private double Double(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select cast(({sql.Replace("LAKE", _lake)}) as double)";
        return Convert.ToDouble(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string? Text(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
