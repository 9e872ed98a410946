using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Exports;

/// <summary>Reads the <see cref="IntradayView"/> of a period from the mart: its busiest local day (most offered contacts; the latest on a tie).</summary>
public static class IntradayViewReader
{
    /// <summary>The view of the busiest day of <paramref name="period"/>, or null when the mart has no intervals in it
    /// (or predates the staffing table).</summary>
    public static IntradayView? Read(DuckDBConnection connection, ExportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(period);
        using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "select count(*) from information_schema.tables where table_schema = 'scorecard' and table_name = 'fct_interval_staffing'";
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            with days as (
                select interval_date, sum(offered_contacts) as offered
                from scorecard.fct_interval_staffing
                where interval_date between cast($first as date) and cast($last as date)
                group by interval_date
                having sum(offered_contacts) > 0
            ),
            busiest as (
                select interval_date from days order by offered desc, interval_date desc limit 1
            ),
            thresholds as (
                select target, red_threshold from scorecard.dim_kpi where kpi_id = 'service_level'
            )
            select
                staffing.interval_date, staffing.time_zone, staffing.interval_minutes, staffing.shrinkage,
                coalesce(thresholds.target, staffing.service_level_target), coalesce(thresholds.red_threshold, staffing.service_level_target),
                staffing.queue_id, strftime(staffing.interval_start_local, '%H:%M'), cast(sum(staffing.offered_contacts) as bigint),
                sum(staffing.service_level * staffing.offered_contacts) / nullif(sum(staffing.offered_contacts) filter (where staffing.service_level is not null), 0),
                max(staffing.predicted_service_level), max(staffing.required_agents), max(staffing.required_scheduled_agents),
                sum(staffing.scheduled_agents), sum(staffing.staffing_gap_agents)
            from scorecard.fct_interval_staffing as staffing
            inner join busiest on busiest.interval_date = staffing.interval_date
            left join thresholds on true
            group by all
            order by staffing.queue_id, 8
            """;
        command.Parameters.Add(new DuckDBParameter("first", period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        command.Parameters.Add(new DuckDBParameter("last", period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        using var reader = command.ExecuteReader();
        var cells = new List<IntradayCell>();
        IntradayView? view = null;
        while (reader.Read())
        {
            view ??= new IntradayView
            {
                Day = DateOnly.FromDateTime(reader.GetDateTime(0)),
                TimeZone = reader.GetString(1),
                IntervalMinutes = reader.GetInt32(2),
                Shrinkage = reader.GetDouble(3),
                ServiceLevelTarget = reader.GetDouble(4),
                ServiceLevelRed = reader.GetDouble(5),
                Queues = [],
                Intervals = [],
                Cells = [],
            };
            cells.Add(new IntradayCell(
                reader.GetString(6),
                TimeOnly.ParseExact(reader.GetString(7), "HH:mm", CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(8), CultureInfo.InvariantCulture),
                reader.IsDBNull(9) ? null : reader.GetDouble(9),
                reader.IsDBNull(10) ? null : reader.GetDouble(10),
                reader.IsDBNull(11) ? null : reader.GetInt32(11),
                reader.IsDBNull(12) ? 0 : reader.GetInt32(12),
                reader.IsDBNull(13) ? null : reader.GetDouble(13),
                reader.IsDBNull(14) ? null : reader.GetDouble(14)));
        }

        if (view is null)
        {
            return null;
        }

        var active = cells.Where(c => c.OfferedContacts > 0 || c.ScheduledAgents > 0).Select(c => c.IntervalStart).ToList();
        TimeOnly first = active.Count > 0 ? active.Min() : cells.Min(c => c.IntervalStart);
        TimeOnly last = active.Count > 0 ? active.Max() : cells.Max(c => c.IntervalStart);
        var intervals = new List<TimeOnly>();
        for (TimeOnly t = first; t <= last; t = t.AddMinutes(view.IntervalMinutes))
        {
            intervals.Add(t);
            if (t.AddMinutes(view.IntervalMinutes) < t)
            {
                break; // wrapped past midnight
            }
        }

        return view with
        {
            Queues = cells.Select(c => c.QueueId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Intervals = intervals,
            Cells = cells,
        };
    }
}
