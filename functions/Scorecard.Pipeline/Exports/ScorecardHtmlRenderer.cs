using System.Globalization;
using System.Text;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Renders an export as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched): per member the
/// four perspectives with each KPI's value, target, status (colour and words), change and trend line; perspective and
/// overall scores; the strategy map; the service-level variants side by side; a definitions appendix and a
/// data-quality footer. Prints on A4 or Letter and reads on a phone. Every text from data is HTML-encoded.
/// </summary>
public static class ScorecardHtmlRenderer
{
    /// <summary>What each service-level variant leaves out, one line each; other variants show their definition.</summary>
    private static readonly Dictionary<string, string> VariantNotes = new(StringComparer.Ordinal)
    {
        ["service_level"] = "Excludes nothing: every offered voice contact counts, abandons stay in the denominator.",
        ["service_level_answered_only"] = "Excludes every abandoned contact: only answered contacts count.",
        ["service_level_excluding_short_abandons"] = "Excludes abandons shorter than the short-abandon threshold.",
        ["service_level_abandons_within_threshold_met"] = "Excludes nothing, but counts abandons within the threshold as met.",
    };

    /// <summary>
    /// Renders the page of <paramref name="export"/>'s level. With <paramref name="pages"/> (one per level, the centre's
    /// first) the page links to every level's page, and the centre page lists each level's members linked to their
    /// sections on that level's page.
    /// </summary>
    public static string Render(ScorecardExport export, IReadOnlyList<ScorecardPageLink>? pages = null)
    {
        ArgumentNullException.ThrowIfNull(export);
        var html = new StringBuilder();
        string level = ExportValueFormat.Level(export.Level);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode($"Scorecard – {level} – {export.Period.Title}")).Append("</title>\n")
            .Append("<style>").Append(Css).Append(IntradaySection.Css).Append("</style>\n</head>\n<body>\n");

        html.Append("<header class=\"page-header\"><h1>Contact centre scorecard</h1>")
            .Append("<p class=\"subtitle\">").Append(Html.Encode($"{export.Period.Title} · {level} level"));
        if (export.BuiltAt is { } built)
        {
            html.Append(Html.Encode(string.Create(CultureInfo.InvariantCulture, $" · mart built {built.UtcDateTime:yyyy-MM-dd HH:mm} UTC")));
        }

        if (export.Currency is { } currency)
        {
            html.Append(Html.Encode($" · money in {currency}"));
        }

        html.Append("</p>");
        if (export.Centre is { } centre)
        {
            html.Append("<p class=\"overall\">Centre overall score <strong>").Append(ExportValueFormat.Score(centre.OverallScore))
                .Append("</strong> of 100</p>");
        }

        html.Append("<p class=\"legend\"><span class=\"status status-green\">On target</span> <span class=\"status status-amber\">Near target</span> ")
            .Append("<span class=\"status status-red\">Off target</span> <span class=\"status status-none\">No target / no data</span></p>");
        AppendLevelNavigation(html, export, pages);
        html.Append("</header>\n<main>\n");
        if (export.Level == "centre" && pages is not null)
        {
            AppendDrillDown(html, pages);
        }

        if (export.Members.Count == 0)
        {
            html.Append("<p class=\"empty\">No scorecard rows for this period and level.</p>\n");
        }

        if (export.Level != "centre" && export.Members.Count > 0)
        {
            html.Append("<nav class=\"members\"><h2>").Append(Html.Encode(level)).Append("s</h2><ul>");
            foreach (ExportedMember member in export.Members)
            {
                html.Append("<li><a href=\"#").Append(Html.Encode(MemberAnchor(member.MemberId))).Append("\">").Append(Html.Encode(member.MemberId))
                    .Append("</a> ").Append(ExportValueFormat.Score(member.OverallScore)).Append("</li>");
            }

            html.Append("</ul></nav>\n");
        }

        foreach (ExportedMember member in export.Members)
        {
            AppendMember(html, export, member);
        }

        html.Append("<section class=\"map\"><h2>Strategy map</h2><p class=\"note\">Centre KPIs by perspective, coloured by status. ")
            .Append("Arrows are cause → effect hypotheses, labelled with the correlation measured in the mart (r), its number of pairs (n) and whether its sign is the expected one.</p>")
            .Append(StrategyMapSvg.Render(export)).Append("</section>\n");

        AppendServiceLevels(html, export);
        IntradaySection.Append(html, export);
        AppendDefinitions(html, export);
        html.Append("</main>\n");
        AppendFooter(html, export);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The id of a member's section: <c>member-</c> and the id percent-encoded, so any id makes a valid fragment.</summary>
    public static string MemberAnchor(string memberId) => "member-" + Uri.EscapeDataString(memberId ?? "");

    private static void AppendLevelNavigation(StringBuilder html, ScorecardExport export, IReadOnlyList<ScorecardPageLink>? pages)
    {
        if (pages is null)
        {
            return;
        }

        html.Append("<nav class=\"levels\" aria-label=\"Levels\"><ul>");
        foreach (ScorecardPageLink page in pages)
        {
            string name = LevelTitle(page.Level);
            html.Append(page.Level == export.Level
                ? $"<li><strong aria-current=\"page\" data-level=\"{Html.Encode(page.Level)}\">{Html.Encode(name)}</strong></li>"
                : $"<li><a href=\"{Html.Encode(page.Href)}\" data-level=\"{Html.Encode(page.Level)}\">{Html.Encode(name)}</a></li>");
        }

        html.Append("</ul></nav>");
    }

    private static void AppendDrillDown(StringBuilder html, IReadOnlyList<ScorecardPageLink> pages)
    {
        html.Append("<section class=\"drill-down\"><h2>Queues, teams and agents</h2><div class=\"drill-levels\">");
        foreach (ScorecardPageLink page in pages.Where(p => p.Level != "centre"))
        {
            html.Append("<div class=\"drill-level\" data-level=\"").Append(Html.Encode(page.Level)).Append("\"><h3><a href=\"")
                .Append(Html.Encode(page.Href)).Append("\">").Append(Html.Encode(LevelTitle(page.Level))).Append("</a></h3><ul>");
            foreach (string member in page.MemberIds)
            {
                html.Append("<li><a href=\"").Append(Html.Encode(page.Href + "#" + MemberAnchor(member))).Append("\">")
                    .Append(Html.Encode(member)).Append("</a></li>");
            }

            html.Append(page.MemberIds.Count == 0 ? "<li class=\"empty\">none in this period</li>" : "").Append("</ul></div>");
        }

        html.Append("</div></section>\n");
    }

    private static string LevelTitle(string level) => level == "centre" ? "Centre" : ExportValueFormat.Level(level) + "s";

    private static void AppendMember(StringBuilder html, ScorecardExport export, ExportedMember member)
    {
        html.Append("<section class=\"member\" id=\"").Append(Html.Encode(MemberAnchor(member.MemberId))).Append("\">");
        if (export.Level != "centre")
        {
            html.Append("<h2>").Append(Html.Encode($"{ExportValueFormat.Level(export.Level)} {member.MemberId}"))
                .Append(" <span class=\"score\">overall ").Append(ExportValueFormat.Score(member.OverallScore)).Append("</span></h2>");
        }

        html.Append("<div class=\"perspectives\">");
        foreach (var perspective in export.Perspectives)
        {
            var rows = member.Rows.Where(r => r.Perspective == perspective.Id).ToList();
            html.Append("<section class=\"perspective\" data-perspective=\"").Append(Html.Encode(perspective.Id)).Append("\"><h3>")
                .Append(Html.Encode(perspective.Label)).Append(" <span class=\"score\">score ")
                .Append(ExportValueFormat.Score(member.PerspectiveScores.GetValueOrDefault(perspective.Id))).Append("</span></h3>");
            if (rows.Count == 0)
            {
                html.Append("<p class=\"empty\">No KPIs at this level.</p></section>");
                continue;
            }

            html.Append("<table class=\"kpis\"><thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Value</th><th scope=\"col\">Target</th>")
                .Append("<th scope=\"col\">Status</th><th scope=\"col\">Change</th><th scope=\"col\">Last ")
                .Append(export.TrendPeriods.Count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(export.Period.Grain).Append("s</th></tr></thead><tbody>");
            foreach (ScorecardExportRow row in rows)
            {
                AppendKpiRow(html, row, member.Trends.GetValueOrDefault(row.KpiId) ?? []);
            }

            html.Append("</tbody></table></section>");
        }

        html.Append("</div></section>\n");
    }

    private static void AppendKpiRow(StringBuilder html, ScorecardExportRow row, IReadOnlyList<double?> trend)
    {
        string statusClass = ExportValueFormat.StatusClass(row.Status);
        string status = ExportValueFormat.StatusLabel(row.Status, row.Value is not null, row.Target is not null);
        html.Append("<tr class=\"kpi\" data-kpi=\"").Append(Html.Encode(row.KpiId)).Append("\"><th scope=\"row\">").Append(Html.Encode(row.KpiLabel));
        if (row.IsBelowMinSample)
        {
            html.Append(" <span class=\"flag\" title=\"Fewer observations than the KPI's minimum sample\">small sample</span>");
        }

        html.Append("</th><td class=\"num\">").Append(Html.Encode(ExportValueFormat.Value(row.Value, row.Unit, row.Currency)))
            .Append("</td><td class=\"num\">").Append(Html.Encode(ExportValueFormat.Value(row.Target, row.Unit, row.Currency)))
            .Append("</td><td><span class=\"status status-").Append(statusClass).Append("\">").Append(Html.Encode(status)).Append("</span></td><td class=\"num\">");
        if (row.ChangeFromPrevious is { } change)
        {
            bool better = row.Direction == "lower" ? change < 0 : change > 0;
            string arrow = change > 0 ? "▲" : change < 0 ? "▼" : "▶";
            string kind = change == 0 ? "flat" : better ? "better" : "worse";
            html.Append("<span class=\"change ").Append(kind).Append("\" title=\"").Append(kind).Append(" than the previous period\">")
                .Append(arrow).Append(' ').Append(Html.Encode(ExportValueFormat.Change(change, row.Unit, row.Currency))).Append("</span>");
        }
        else
        {
            html.Append("<span class=\"change none\">no previous</span>");
        }

        html.Append("</td><td class=\"trend status-text-").Append(statusClass).Append("\">")
            .Append(SparklineSvg.Render(trend, $"{row.KpiLabel}, last {trend.Count} periods"))
            .Append("</td></tr>");
    }

    private static void AppendServiceLevels(StringBuilder html, ScorecardExport export)
    {
        var variants = export.Kpis.Where(k => k.KpiId.StartsWith("service_level", StringComparison.Ordinal)).ToList();
        if (variants.Count == 0 || export.Centre is not { } centre)
        {
            return;
        }

        html.Append("<section class=\"service-levels\"><h2>Service level, four ways</h2><p class=\"note\">The centre's service level for the period by each formula in use; only the first counts in the score.</p><div class=\"variants\">");
        foreach (ExportedKpi kpi in variants)
        {
            ScorecardExportRow? row = centre.Row(kpi.KpiId);
            string statusClass = ExportValueFormat.StatusClass(row?.Status);
            html.Append("<div class=\"variant\" data-kpi=\"").Append(Html.Encode(kpi.KpiId)).Append("\"><h3>").Append(Html.Encode(kpi.Label)).Append("</h3>")
                .Append("<p class=\"big\">").Append(Html.Encode(ExportValueFormat.Value(row?.Value, kpi.Unit, kpi.Currency))).Append("</p>")
                .Append("<p><span class=\"status status-").Append(statusClass).Append("\">")
                .Append(Html.Encode(ExportValueFormat.StatusLabel(row?.Status, row?.Value is not null, row?.Target is not null))).Append("</span></p>")
                .Append("<p class=\"note\">").Append(Html.Encode(VariantNotes.GetValueOrDefault(kpi.KpiId) ?? kpi.Definition)).Append("</p></div>");
        }

        html.Append("</div></section>\n");
    }

    private static void AppendDefinitions(StringBuilder html, ScorecardExport export)
    {
        html.Append("<section class=\"definitions\"><h2>Definitions</h2><table><thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Perspective</th>")
            .Append("<th scope=\"col\">Definition</th><th scope=\"col\">Better</th><th scope=\"col\">Target</th><th scope=\"col\">Version</th></tr></thead><tbody>");
        var labels = export.Perspectives.ToDictionary(p => p.Id, p => p.Label);
        foreach (ExportedKpi kpi in export.Kpis)
        {
            html.Append("<tr id=\"kpi-").Append(Html.Encode(kpi.KpiId)).Append("\"><th scope=\"row\">").Append(Html.Encode(kpi.Label))
                .Append("<br><code>").Append(Html.Encode(kpi.KpiId)).Append("</code></th><td>").Append(Html.Encode(labels.GetValueOrDefault(kpi.Perspective, kpi.Perspective)))
                .Append("</td><td>").Append(Html.Encode(kpi.Definition)).Append("</td><td>").Append(Html.Encode(kpi.Direction))
                .Append("</td><td class=\"num\">").Append(Html.Encode(ExportValueFormat.Value(kpi.Target, kpi.Unit, kpi.Currency)))
                .Append("</td><td class=\"num\">").Append(kpi.Version.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>\n");
    }

    private static void AppendFooter(StringBuilder html, ScorecardExport export)
    {
        DataQualitySummary q = export.DataQuality;
        html.Append("<footer class=\"data-quality\"><h2>Data quality</h2><ul>");
        if (q.HasAudit)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><strong>{q.ExtractsIngested:#,0}</strong> extracts ingested, {q.ExtractsRejected:#,0} rejected</li>")
                .Append(CultureInfo.InvariantCulture, $"<li><strong>{q.RowsWritten:#,0}</strong> rows in the lake, <strong>{q.RowsQuarantined:#,0}</strong> rows quarantined</li>")
                .Append(CultureInfo.InvariantCulture, $"<li>Latest extract date: {(q.LatestExtractDate is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none")}</li>");
        }
        else
        {
            html.Append("<li>No ingest audit records were read for this export.</li>");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<li>Latest data date: {(q.LatestDataDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none")}</li></ul>")
            .Append("<p class=\"note\">Status: on target (green), near target (amber), off target (red) from each KPI's thresholds; a KPI's score is the % of its target attained, capped at 100 (target met), so a target beaten cannot make up for one missed; perspective and overall scores are weighted means of these, out of 100.</p>")
            .Append(TraceNote).Append("</footer>\n");
    }

    /// <summary>How to trace any number on the page back to its rows and files (also on the data-dictionary page).</summary>
    public const string TraceNote =
        "<p class=\"note\" id=\"trace-a-number\"><strong>Trace a number.</strong> Every KPI value is a numerator divided by a denominator, both summed " +
        "over rows of the mart. <code>scorecard explain --kpi &lt;kpi_id&gt; --period &lt;yyyy-mm&gt; --level &lt;level&gt; --member &lt;member_id&gt;</code> " +
        "prints the two and writes every row that counts (its id, the measures that count, the lake file and the row in the source file) as CSV. " +
        "<code>data_dictionary.html</code> beside this page describes every table and column of the mart.</p>";

    private const string Css = """

        :root { --green: #1b7a3a; --amber: #a86200; --red: #b3261e; --none: #666; --ink: #1d1d1f; --line: #d9d9de; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1280px; padding: 16px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
        h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin: 24px 0 8px; } h3 { font-size: 1.05em; margin: 0 0 6px; }
        .subtitle, .note { color: #555; margin: 2px 0; } .overall { font-size: 1.2em; margin: 8px 0; } .overall strong { font-size: 1.4em; }
        .score { font-weight: normal; color: #555; font-size: .9em; }
        .perspectives { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); gap: 16px; }
        .perspective { border: 1px solid var(--line); border-radius: 8px; padding: 10px; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: middle; }
        thead th { font-size: .8em; color: #555; font-weight: 600; } tbody th { font-weight: 500; } .num { text-align: right; white-space: nowrap; }
        .status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85em; font-weight: 600; color: #fff; white-space: nowrap; }
        .status::before { content: "● "; } .status-green { background: var(--green); } .status-amber { background: var(--amber); }
        .status-red { background: var(--red); } .status-none { background: #e4e4e8; color: #333; }
        .status-text-green { color: var(--green); } .status-text-amber { color: var(--amber); } .status-text-red { color: var(--red); } .status-text-none { color: var(--none); }
        .change.better { color: var(--green); } .change.worse { color: var(--red); } .change.flat, .change.none { color: #666; }
        .flag { font-size: .75em; color: #8a5a00; border: 1px solid #d9b36c; border-radius: 4px; padding: 0 4px; }
        .levels ul { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 1.05em; }
        .drill-levels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 280px), 1fr)); gap: 12px; }
        .drill-level { border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
        .drill-level ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
        .members ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
        .member { margin-bottom: 20px; }
        .strategy-map { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 8px; }
        .strategy-map .band-0 { fill: #f6f7f9; } .strategy-map .band-1 { fill: #eef1f5; } .band-label { font-size: 15px; font-weight: 600; fill: #333; }
        .strategy-map .node rect { stroke: #333; stroke-width: 1; } .node.status-green rect { fill: #cfe9d6; } .node.status-amber rect { fill: #fbe3b8; }
        .node.status-red rect { fill: #f6cdca; } .node.status-none rect { fill: #e9e9ec; }
        .node-label { font-size: 12px; font-weight: 600; text-anchor: middle; fill: #111; } .node-status { font-size: 10.5px; text-anchor: middle; fill: #222; }
        .edge path { fill: none; stroke: #555; stroke-width: 1.6; } .edge.contradicted path { stroke-dasharray: 5 4; stroke: #b3261e; }
        .edge-legend { font-size: 12px; fill: #222; }
        .edge-label { font-size: 10.5px; text-anchor: middle; fill: #222; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
        .variants { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 220px), 1fr)); gap: 12px; }
        .variant { border: 1px solid var(--line); border-radius: 8px; padding: 10px; } .variant .big { font-size: 1.6em; font-weight: 600; margin: 4px 0; }
        .definitions td, .definitions th { font-size: .9em; } code { font-size: .85em; color: #555; }
        .data-quality { border-top: 2px solid var(--line); margin-top: 24px; padding-top: 8px; }
        .sparkline { display: block; }
        @media (max-width: 640px) {
          body { padding: 8px; font-size: 13px; } h1 { font-size: 1.3em; }
          th, td { padding: 3px 4px; } .definitions thead { display: none; } .definitions tr, .definitions td, .definitions th { display: block; border: 0; }
          .definitions tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
          .perspective { overflow-x: visible; } .kpis thead { display: none; }
          .kpis tr { display: grid; grid-template-columns: auto auto 1fr; gap: 2px 10px; align-items: center; padding: 6px 0; border-bottom: 1px solid var(--line); }
          .kpis th[scope=row] { grid-column: 1 / -1; border: 0; padding: 0; } .kpis td { border: 0; padding: 0; } .kpis td.num { text-align: left; }
          .kpis td:nth-of-type(2)::before { content: "target "; color: #666; }
          .map { overflow-x: auto; } .strategy-map { min-width: 720px; }
        }
        @media print {
          @page { margin: 12mm; }
          body { max-width: none; padding: 0; font-size: 9.5pt; } a { color: inherit; text-decoration: none; }
          .perspectives { grid-template-columns: 1fr 1fr; gap: 8px; } .perspective, .variant, .map, tr { break-inside: avoid; }
          .member + .member, .map, .definitions { break-before: page; }
          .status, .node rect, .band-0, .band-1 { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """;
}
