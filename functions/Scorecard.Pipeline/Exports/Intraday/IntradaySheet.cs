using DocumentFormat.OpenXml.Spreadsheet;

namespace Scorecard.Pipeline.Exports;

/// <summary>The workbook's "Intraday" sheet: one row per queue and interval of <see cref="ScorecardExport.Intraday"/>.
/// The writer passes its own cell factories, so the sheet shares the workbook's styles.</summary>
public static class IntradaySheet
{
    public const string Name = "Intraday";

    public static readonly IReadOnlyList<string> Columns =
    [
        "date", "interval_start", "time_zone", "queue_id", "offered_contacts", "service_level", "service_level_target", "service_level_status",
        "predicted_service_level", "required_agents", "required_scheduled_agents", "scheduled_agents", "staffing_gap_agents", "staffing_status",
    ];

    public static IEnumerable<Row> Rows(IntradayView view, Func<string, Cell> header, Func<object?, Cell> value, Func<string?, Cell> status)
    {
        ArgumentNullException.ThrowIfNull(view);
        yield return new Row(Columns.Select(header));
        foreach (string queue in view.Queues)
        {
            foreach (TimeOnly interval in view.Intervals)
            {
                IntradayCell? cell = view.Cell(queue, interval);
                string slStatus = view.ServiceLevelStatus(cell);
                string gapStatus = IntradayView.GapStatus(cell);
                yield return new Row(
                    value(view.Day), value(interval.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), value(view.TimeZone), value(queue),
                    value(cell?.OfferedContacts ?? 0L), value(cell?.ServiceLevel), value(view.ServiceLevelTarget), status(slStatus == "none" ? null : slStatus),
                    value(cell?.PredictedServiceLevel), value(cell?.RequiredAgents), value(cell?.RequiredScheduledAgents), value(cell?.ScheduledAgents),
                    value(cell?.StaffingGapAgents), status(gapStatus == "none" ? null : gapStatus));
            }
        }
    }
}
