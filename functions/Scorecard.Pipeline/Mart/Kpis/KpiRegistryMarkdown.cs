using System.Globalization;
using System.Text;

namespace Scorecard.Pipeline.Mart;

/// <summary>Renders the KPI registry as the README's KPI table (and what <c>scorecard kpis</c> prints).</summary>
public static class KpiRegistryMarkdown
{
    public static string Render(KpiRegistry registry)
    {
        var text = new StringBuilder();
        foreach (KpiPerspective perspective in registry.Perspectives)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"### {perspective.Label}");
            text.AppendLine();
            text.AppendLine("| KPI | Id | Definition | Unit | Better | Target (amber / red) | Periods | Levels | Version |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (KpiDefinition kpi in registry.Kpis.Where(k => k.Perspective == perspective.Id))
            {
                string target = kpi.Target is null ? "-"
                    : string.Create(CultureInfo.InvariantCulture, $"{kpi.Target:0.##} ({kpi.AmberThreshold:0.##} / {kpi.RedThreshold:0.##})");
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {kpi.Label} | `{kpi.Id}` | {kpi.Definition.Replace("|", "\\|", StringComparison.Ordinal)} | {kpi.Unit} | {kpi.Direction} | {target} | {string.Join(", ", kpi.Periods)} | {string.Join(", ", kpi.Levels)} | {kpi.Version} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
