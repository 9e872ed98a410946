using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Cli;

/// <summary>Prints the intraday view of a month in a few lines: how many queue intervals met the service-level target,
/// how many were understaffed, and the worst ones (the HTML page has the full heatmaps).</summary>
internal static class IntradayPrinter
{
    public static void Print(string martDirectory, DateOnly month)
    {
        using DuckDBConnection connection = MartConnection.OpenReadOnly(martDirectory);
        IntradayView? view = IntradayViewReader.Read(connection, new ExportPeriod("month", month));
        Console.WriteLine();
        if (view is null)
        {
            Console.WriteLine("No interval data for the intraday view.");
            return;
        }

        var busy = view.Cells.Where(c => c.OfferedContacts > 0).ToList();
        int met = busy.Count(c => view.ServiceLevelStatus(c) == "green");
        var staffed = view.Cells.Where(c => c.StaffingGapAgents is not null).ToList();
        int under = staffed.Count(c => c.StaffingGapAgents < 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Intraday, busiest day {view.Day:yyyy-MM-dd} ({view.IntervalMinutes}-minute intervals, {view.TimeZone}): {met} of {busy.Count} queue intervals with calls met the {view.ServiceLevelTarget:0.#}% target; {under} of {staffed.Count} scheduled ones were understaffed (Erlang C, {view.Shrinkage:0.#%} shrinkage)."));
        // The worst intervals: the most calls short of the target (offered × the points missed).
        foreach (IntradayCell cell in busy.OrderByDescending(c => c.OfferedContacts * (view.ServiceLevelTarget - (c.ServiceLevel ?? 0))).Take(3))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {cell.QueueId,-14} {cell.IntervalStart:HH\\:mm}  SL {cell.ServiceLevel,5:0.#} %  {cell.OfferedContacts,4} offered  {cell.RequiredScheduledAgents,3} needed  {cell.ScheduledAgents?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-",5} scheduled"));
        }

        Console.WriteLine("  The scorecard page shows it as heatmaps of service level and staffing gap by queue and interval.");
    }
}
