using System.Globalization;
using System.Text;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// The strategy map as inline SVG: one band per perspective (financial at the top, learning and growth at the
/// bottom), a node per KPI coloured by the centre's status with its label and status in text, and an arrow per
/// cause -> effect link labelled with the measured correlation, its number of pairs and whether its sign is as expected.
/// </summary>
public static class StrategyMapSvg
{
    private const double Width = 1000;
    private const double BandHeight = 120;
    private const double LabelWidth = 175;
    private const double NodeHeight = 46;
    private const double LegendLineHeight = 18;

    public static string Render(ScorecardExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var (nodes, edges) = Layout(export);
        var svg = new StringBuilder();
        var legend = edges.Where(e => e.LegendNumber is not null).ToList();
        double bands = BandHeight * export.Perspectives.Count;
        double height = bands + (legend.Count == 0 ? 0 : LegendLineHeight * legend.Count + 10);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"strategy-map\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"map-title\" preserveAspectRatio=\"xMidYMin meet\">");
        svg.Append("<title id=\"map-title\">Strategy map: KPIs by perspective coloured by status, cause and effect links with their evidence</title>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
            .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");

        for (int band = 0; band < export.Perspectives.Count; band++)
        {
            var perspective = export.Perspectives[band];
            double top = band * BandHeight;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"band\" data-perspective=\"{Html.Encode(perspective.Id)}\"><rect x=\"0\" y=\"{top}\" width=\"{Width}\" height=\"{BandHeight}\" class=\"band-{band % 2}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{top + BandHeight / 2 + 5}\" class=\"band-label\">{Html.Encode(perspective.Label)}</text></g>");
        }

        foreach (MapEdge edge in edges)
        {
            ExportedLink link = edge.Link;
            string kind = link.IsSignAsExpected switch { true => "supported", false => "contradicted", null => "untested" };
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"edge {kind}\" data-link=\"{Html.Encode(link.CauseKpiId)} -> {Html.Encode(link.EffectKpiId)}\">");
            svg.Append("<title>").Append(Html.Encode($"{link.Rationale} Evidence: {Evidence(link)}")).Append("</title>");
            svg.Append("<path d=\"").Append(edge.Path).Append("\" marker-end=\"url(#arrow)\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{edge.LabelX:0.#}\" y=\"{edge.LabelY:0.#}\" class=\"edge-label\">{Html.Encode(edge.Label)}</text></g>");
        }

        for (int i = 0; i < legend.Count; i++)
        {
            MapEdge edge = legend[i];
            string cause = export.Kpi(edge.Link.CauseKpiId)?.Label ?? edge.Link.CauseKpiId;
            string effect = export.Kpi(edge.Link.EffectKpiId)?.Label ?? edge.Link.EffectKpiId;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{bands + LegendLineHeight * (i + 1):0.#}\" class=\"edge-legend\">")
                .Append(Html.Encode($"{edge.Label}: {cause} → {effect}: {Evidence(edge.Link)}")).Append("</text>");
        }

        // Nodes last, so arrows pass under them.
        foreach (ExportedKpi kpi in export.Kpis)
        {
            if (!nodes.TryGetValue(kpi.KpiId, out MapBox node))
            {
                continue;
            }

            ScorecardExportRow? row = export.Centre?.Row(kpi.KpiId);
            string status = ExportValueFormat.StatusLabel(row?.Status, row?.Value is not null, row?.Target is not null);
            string value = ExportValueFormat.Value(row?.Value, kpi.Unit, kpi.Currency);
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"node status-{ExportValueFormat.StatusClass(row?.Status)}\" data-kpi=\"{Html.Encode(kpi.KpiId)}\">");
            svg.Append("<title>").Append(Html.Encode($"{kpi.Label}: {value}, {status}")).Append("</title>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{node.Left:0.#}\" y=\"{node.Top:0.#}\" width=\"{node.Width:0.#}\" height=\"{NodeHeight}\" rx=\"6\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{node.Left + node.Width / 2:0.#}\" y=\"{node.Top + 18:0.#}\" class=\"node-label\">{Html.Encode(Shorten(kpi.Label, node.Width))}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{node.Left + node.Width / 2:0.#}\" y=\"{node.Top + 35:0.#}\" class=\"node-status\">{Html.Encode(value)} · {Html.Encode(status)}</text></g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// Where everything goes: a box per shown KPI (weighted or linked), spread over its perspective's band, and per link
    /// an arrow and a label. Each label takes the first of several places along (and beside) its arrow whose box meets no
    /// label placed before it, no node and stays inside the map; only when none is free does it take the least crowded.
    /// </summary>
    internal static (IReadOnlyDictionary<string, MapBox> Nodes, IReadOnlyList<MapEdge> Edges) Layout(ScorecardExport export)
    {
        var linked = export.Links.SelectMany(l => new[] { l.CauseKpiId, l.EffectKpiId }).ToHashSet();
        var nodes = new Dictionary<string, MapBox>();
        for (int band = 0; band < export.Perspectives.Count; band++)
        {
            var kpis = export.Kpis.Where(k => k.Perspective == export.Perspectives[band].Id && (k.Weight > 0 || linked.Contains(k.KpiId))).ToList();
            double slot = (Width - LabelWidth - 10) / Math.Max(1, kpis.Count);
            double nodeWidth = Math.Min(130, slot - 8);
            for (int i = 0; i < kpis.Count; i++)
            {
                nodes[kpis[i].KpiId] = new MapBox(LabelWidth + i * slot + (slot - nodeWidth) / 2, band * BandHeight + (BandHeight - NodeHeight) / 2, nodeWidth, NodeHeight);
            }
        }

        double height = BandHeight * export.Perspectives.Count;
        var placed = new List<MapBox>();
        var edges = new List<MapEdge>();
        foreach (ExportedLink link in export.Links)
        {
            if (!nodes.TryGetValue(link.CauseKpiId, out MapBox cause) || !nodes.TryGetValue(link.EffectKpiId, out MapBox effect))
            {
                continue;
            }

            string label = Evidence(link);
            double x1 = cause.Left + cause.Width / 2;
            double x2 = effect.Left + effect.Width / 2;
            string path;
            var candidates = new List<(double X, double Y)>();
            if (Math.Abs(cause.Top - effect.Top) < 1)
            {
                // Same band: an arc over the nodes, the label above its top.
                double y = cause.Top;
                path = string.Create(CultureInfo.InvariantCulture, $"M{x1:0.#},{y:0.#} Q{(x1 + x2) / 2:0.#},{y - 38:0.#} {x2:0.#},{y:0.#}");
                foreach (double dy in new[] { -22.0, -34, -10 })
                {
                    foreach (double dx in new[] { 0.0, -0.25, 0.25 })
                    {
                        candidates.Add(((x1 + x2) / 2 + dx * Math.Abs(x2 - x1), y + dy));
                    }
                }
            }
            else
            {
                bool up = effect.Top < cause.Top;
                double y1 = up ? cause.Top : cause.Bottom;
                double y2 = up ? effect.Bottom : effect.Top;
                path = string.Create(CultureInfo.InvariantCulture, $"M{x1:0.#},{y1:0.#} L{x2:0.#},{y2:0.#}");
                double half = MapBox.Label(label, 0, 0).Width / 2 + 4;
                foreach (double t in new[] { 0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8, 0.12, 0.88 })
                {
                    double x = x1 + (x2 - x1) * t;
                    double y = y1 + (y2 - y1) * t + 4;
                    candidates.Add((x, y));
                    candidates.Add((x + half, y));
                    candidates.Add((x - half, y));
                }
            }

            var best = Place(label, candidates);
            int? number = null;
            if (best.Crowding > 0)
            {
                // No free place for the evidence: a number on the arrow, the evidence in the legend under the map.
                number = edges.Count(e => e.LegendNumber is not null) + 1;
                label = number.Value.ToString(CultureInfo.InvariantCulture);
                best = Place(label, candidates);
            }

            placed.Add(best.Box);
            edges.Add(new MapEdge(link, path, label, best.X, best.Y, best.Box, number));
        }

        (double X, double Y, MapBox Box, int Crowding) Place(string text, List<(double X, double Y)> candidates) => candidates
            .Select((c, i) => (c.X, c.Y, Box: MapBox.Label(text, c.X, c.Y), Order: i))
            .Select(c => (c.X, c.Y, c.Box, Crowding: placed.Count(p => p.Intersects(c.Box)) * 100
                + nodes.Values.Count(n => n.Intersects(c.Box)) * 10 + (c.Box.Inside(Width, height) ? 0 : 1000), c.Order))
            .OrderBy(c => c.Crowding).ThenBy(c => c.Order)
            .Select(c => (c.X, c.Y, c.Box, c.Crowding))
            .First();

        return (nodes, edges);
    }

    /// <summary>"r = +0.12, n = 1,230, as expected" - the measured evidence of a link in words.</summary>
    public static string Evidence(ExportedLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.Correlation is not { } r)
        {
            return string.Create(CultureInfo.InvariantCulture, $"not measured (n = {link.ObservationCount:#,0})");
        }

        string verdict = link.IsSignAsExpected == true ? "as expected" : "against expectation";
        return string.Create(CultureInfo.InvariantCulture, $"r = {r:+0.00;−0.00}, n = {link.ObservationCount:#,0}, {verdict}");
    }

    private static string Shorten(string label, double width)
    {
        int fits = (int)(width / 6.2);
        return label.Length <= fits ? label : label[..Math.Max(1, fits - 1)] + "…";
    }
}
