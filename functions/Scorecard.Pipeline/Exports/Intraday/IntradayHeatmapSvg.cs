using System.Globalization;
using System.Text;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// A queue × interval heatmap of an <see cref="IntradayView"/> as inline SVG (no script): each cell coloured by status
/// and labelled with its value, with a <c>title</c> giving the figures in words, so colour is never the only cue.
/// </summary>
public static class IntradayHeatmapSvg
{
    private const int LabelWidth = 110;
    private const int HeaderHeight = 34;
    private const int CellWidth = 34;
    private const int CellHeight = 22;

    /// <summary>Service level achieved against the target, per queue and interval (the value in %; blank: nothing offered).</summary>
    public static string ServiceLevel(IntradayView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Render(view, "intraday-service-level", $"Service level by queue and {view.IntervalMinutes}-minute interval against the {view.ServiceLevelTarget:0.#}% target",
            cell => view.ServiceLevelStatus(cell),
            cell => cell?.ServiceLevel is { } sl ? sl.ToString("0", CultureInfo.InvariantCulture) : "",
            (queue, time, cell) => cell?.ServiceLevel is { } sl
                ? string.Create(CultureInfo.InvariantCulture, $"{queue} {time:HH\\:mm}: service level {sl:0.#}% (target {view.ServiceLevelTarget:0.#}%), {cell.OfferedContacts} offered, Erlang C predicted {Predicted(cell)}")
                : $"{queue} {time:HH\\:mm}: nothing offered");
    }

    /// <summary>Scheduled agents less those Erlang C requires after shrinkage (negative: understaffed), per queue and interval.</summary>
    public static string StaffingGap(IntradayView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Render(view, "intraday-staffing-gap", $"Staffing gap by queue and {view.IntervalMinutes}-minute interval: scheduled agents less the agents required after shrinkage",
            IntradayView.GapStatus,
            cell => cell?.StaffingGapAgents is { } gap ? gap.ToString("+0.0;−0.0;0", CultureInfo.InvariantCulture) : "",
            (queue, time, cell) => cell?.StaffingGapAgents is { } gap
                ? string.Create(CultureInfo.InvariantCulture, $"{queue} {time:HH\\:mm}: {cell.ScheduledAgents:0.0} scheduled, {cell.RequiredScheduledAgents} required after shrinkage ({cell.RequiredAgents} on contacts), gap {gap:+0.0;−0.0;0}")
                : $"{queue} {time:HH\\:mm}: no schedule");
    }

    private static string Predicted(IntradayCell cell) =>
        cell.PredictedServiceLevel is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + "% for the scheduled agents" : "nothing (no schedule)";

    private static string Render(
        IntradayView view, string cssClass, string title, Func<IntradayCell?, string> status, Func<IntradayCell?, string> label,
        Func<string, TimeOnly, IntradayCell?, string> describe)
    {
        int width = LabelWidth + view.Intervals.Count * CellWidth;
        int height = HeaderHeight + view.Queues.Count * CellHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"heatmap {cssClass}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>");
        for (int column = 0; column < view.Intervals.Count; column++)
        {
            TimeOnly time = view.Intervals[column];
            if (time.Minute == 0)
            {
                int x = LabelWidth + column * CellWidth;
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"hour\" x=\"{x + 2}\" y=\"{HeaderHeight - 8}\">{time:HH\\:mm}</text>");
            }
        }

        for (int row = 0; row < view.Queues.Count; row++)
        {
            string queue = view.Queues[row];
            int y = HeaderHeight + row * CellHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"queue\" x=\"{LabelWidth - 6}\" y=\"{y + CellHeight - 7}\" text-anchor=\"end\">")
                .Append(Html.Encode(queue)).Append("</text>");
            for (int column = 0; column < view.Intervals.Count; column++)
            {
                TimeOnly time = view.Intervals[column];
                IntradayCell? cell = view.Cell(queue, time);
                int x = LabelWidth + column * CellWidth;
                svg.Append(CultureInfo.InvariantCulture, $"<g class=\"cell status-{status(cell)}\" data-queue=\"")
                    .Append(Html.Encode(queue)).Append(CultureInfo.InvariantCulture, $"\" data-interval=\"{time:HH\\:mm}\"><title>")
                    .Append(Html.Encode(describe(queue, time, cell))).Append("</title>")
                    .Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{CellWidth - 2}\" height=\"{CellHeight - 2}\"></rect>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (CellWidth - 2) / 2}\" y=\"{y + CellHeight - 8}\" text-anchor=\"middle\">")
                    .Append(Html.Encode(label(cell))).Append("</text></g>");
            }
        }

        return svg.Append("</svg>").ToString();
    }
}
