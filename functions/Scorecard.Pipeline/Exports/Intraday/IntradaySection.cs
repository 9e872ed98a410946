using System.Globalization;
using System.Text;

namespace Scorecard.Pipeline.Exports;

/// <summary>The intraday section of the HTML page: the two heatmaps of <see cref="ScorecardExport.Intraday"/> and how to read them.</summary>
public static class IntradaySection
{
    /// <summary>Appends the section when the export has an intraday view; nothing otherwise.</summary>
    public static void Append(StringBuilder html, ScorecardExport export)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(export);
        if (export.Intraday is not { } view)
        {
            return;
        }

        html.Append("<section class=\"intraday\"><h2>Intraday: ")
            .Append(Html.Encode(view.Day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture))).Append("</h2>")
            .Append("<p class=\"note\">").Append(Html.Encode(string.Create(CultureInfo.InvariantCulture,
                $"The busiest day of the period, by queue and {view.IntervalMinutes}-minute interval ({view.TimeZone} time). ")))
            .Append(Html.Encode(string.Create(CultureInfo.InvariantCulture,
                $"Service level: % of offered calls answered in time, green at or above the {view.ServiceLevelTarget:0.#}% target, red below {view.ServiceLevelRed:0.#}%. ")))
            .Append(Html.Encode(string.Create(CultureInfo.InvariantCulture,
                $"Staffing gap: agents scheduled less the agents Erlang C requires for the target after {view.Shrinkage:0.#%} shrinkage; negative (red) means understaffed. ")))
            .Append("Hover a cell for its figures.</p>")
            .Append("<h3>Service level against target</h3><div class=\"heatmap-scroll\">").Append(IntradayHeatmapSvg.ServiceLevel(view)).Append("</div>")
            .Append("<h3>Staffing gap (agents)</h3><div class=\"heatmap-scroll\">").Append(IntradayHeatmapSvg.StaffingGap(view)).Append("</div>")
            .Append("</section>\n");
    }

    /// <summary>Styles of the section, added to the page's style sheet.</summary>
    public const string Css = """

        .heatmap-scroll { overflow-x: auto; border: 1px solid var(--line); padding: 4px; }
        .heatmap text { font-size: 10px; fill: var(--ink); } .heatmap .hour, .heatmap .queue { font-size: 11px; }
        .heatmap .cell rect { fill: #ececf0; } .heatmap .cell.status-green rect { fill: #cfe9d6; }
        .heatmap .cell.status-amber rect { fill: #fbe3b8; } .heatmap .cell.status-red rect { fill: #f6c9c5; }

        """;
}
