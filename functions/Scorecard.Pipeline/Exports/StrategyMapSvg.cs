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

    public static string Render(ScorecardExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var linked = export.Links.SelectMany(l => new[] { l.CauseKpiId, l.EffectKpiId }).ToHashSet();
        var nodes = new Dictionary<string, (double X, double Y, double W)>();
        var svg = new StringBuilder();
        double height = BandHeight * export.Perspectives.Count;
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"strategy-map\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"map-title\" preserveAspectRatio=\"xMidYMin meet\">");
        svg.Append("<title id=\"map-title\">Strategy map: KPIs by perspective coloured by status, cause and effect links with their evidence</title>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
            .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");

        var nodeMarkup = new StringBuilder();
        for (int band = 0; band < export.Perspectives.Count; band++)
        {
            var perspective = export.Perspectives[band];
            double top = band * BandHeight;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"band\" data-perspective=\"{Html.Encode(perspective.Id)}\"><rect x=\"0\" y=\"{top}\" width=\"{Width}\" height=\"{BandHeight}\" class=\"band-{band % 2}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{top + BandHeight / 2 + 5}\" class=\"band-label\">{Html.Encode(perspective.Label)}</text></g>");

            var kpis = export.Kpis.Where(k => k.Perspective == perspective.Id && (k.Weight > 0 || linked.Contains(k.KpiId))).ToList();
            if (kpis.Count == 0)
            {
                continue;
            }

            double slot = (Width - LabelWidth - 10) / kpis.Count;
            double nodeWidth = Math.Min(130, slot - 8);
            for (int i = 0; i < kpis.Count; i++)
            {
                ExportedKpi kpi = kpis[i];
                double x = LabelWidth + i * slot + (slot - nodeWidth) / 2;
                double y = top + (BandHeight - NodeHeight) / 2;
                nodes[kpi.KpiId] = (x, y, nodeWidth);
                ScorecardExportRow? row = export.Centre?.Row(kpi.KpiId);
                string status = ExportValueFormat.StatusLabel(row?.Status, row?.Value is not null, row?.Target is not null);
                string value = ExportValueFormat.Value(row?.Value, kpi.Unit);
                nodeMarkup.Append(CultureInfo.InvariantCulture,
                    $"<g class=\"node status-{ExportValueFormat.StatusClass(row?.Status)}\" data-kpi=\"{Html.Encode(kpi.KpiId)}\">");
                nodeMarkup.Append("<title>").Append(Html.Encode($"{kpi.Label}: {value}, {status}")).Append("</title>");
                nodeMarkup.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{nodeWidth:0.#}\" height=\"{NodeHeight}\" rx=\"6\"/>");
                nodeMarkup.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{x + nodeWidth / 2:0.#}\" y=\"{y + 18:0.#}\" class=\"node-label\">{Html.Encode(Shorten(kpi.Label, nodeWidth))}</text>");
                nodeMarkup.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{x + nodeWidth / 2:0.#}\" y=\"{y + 35:0.#}\" class=\"node-status\">{Html.Encode(value)} · {Html.Encode(status)}</text></g>");
            }
        }

        var fromCause = new Dictionary<string, int>();
        foreach (ExportedLink link in export.Links)
        {
            if (!nodes.TryGetValue(link.CauseKpiId, out var cause) || !nodes.TryGetValue(link.EffectKpiId, out var effect))
            {
                continue;
            }

            string kind = link.IsSignAsExpected switch { true => "supported", false => "contradicted", null => "untested" };
            double x1 = cause.X + cause.W / 2;
            double x2 = effect.X + effect.W / 2;
            string path;
            double labelX;
            double labelY;
            if (Math.Abs(cause.Y - effect.Y) < 1)
            {
                // Same band: an arc over the nodes.
                double y = cause.Y;
                double lift = y - 28;
                path = string.Create(CultureInfo.InvariantCulture, $"M{x1:0.#},{y:0.#} Q{(x1 + x2) / 2:0.#},{lift - 10:0.#} {x2:0.#},{y:0.#}");
                labelX = (x1 + x2) / 2;
                labelY = lift - 2;
            }
            else
            {
                bool up = effect.Y < cause.Y;
                double y1 = up ? cause.Y : cause.Y + NodeHeight;
                double y2 = up ? effect.Y + NodeHeight : effect.Y;
                path = string.Create(CultureInfo.InvariantCulture, $"M{x1:0.#},{y1:0.#} L{x2:0.#},{y2:0.#}");
                // Links leaving one node put their labels at different points along them, so they do not overlap.
                int nth = fromCause[link.CauseKpiId] = fromCause.GetValueOrDefault(link.CauseKpiId) + 1;
                double t = nth switch { 1 => 0.5, 2 => 0.72, _ => 0.3 };
                labelX = x1 + (x2 - x1) * t;
                labelY = y1 + (y2 - y1) * t;
            }

            string evidence = Evidence(link);
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"edge {kind}\" data-link=\"{Html.Encode(link.CauseKpiId)} -> {Html.Encode(link.EffectKpiId)}\">");
            svg.Append("<title>").Append(Html.Encode($"{link.Rationale} Evidence: {evidence}")).Append("</title>");
            svg.Append("<path d=\"").Append(path).Append("\" marker-end=\"url(#arrow)\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelX:0.#}\" y=\"{labelY:0.#}\" class=\"edge-label\">{Html.Encode(evidence)}</text></g>");
        }

        svg.Append(nodeMarkup).Append("</svg>");
        return svg.ToString();
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
