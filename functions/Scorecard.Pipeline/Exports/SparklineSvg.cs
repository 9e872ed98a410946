using System.Globalization;
using System.Text;

namespace Scorecard.Pipeline.Exports;

/// <summary>A small inline SVG trend line of a KPI over the trend periods (gaps where there is no value).</summary>
public static class SparklineSvg
{
    public const int Width = 96;
    public const int Height = 24;

    public static string Render(IReadOnlyList<double?> values, string description)
    {
        ArgumentNullException.ThrowIfNull(values);
        var points = values.Select((v, i) => (Index: i, Value: v)).Where(p => p.Value is { } v && double.IsFinite(v)).ToList();
        if (points.Count == 0)
        {
            return "<span class=\"no-trend\">no trend</span>";
        }

        double min = points.Min(p => p.Value!.Value);
        double max = points.Max(p => p.Value!.Value);
        double span = max - min;
        double step = values.Count > 1 ? (Width - 4.0) / (values.Count - 1) : 0;
        string X(int index) => (2 + index * step).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double value) => (span == 0 ? Height / 2.0 : Height - 3 - (value - min) / span * (Height - 6)).ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"sparkline\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Encode(description)}\">");
        svg.Append("<title>").Append(Html.Encode(description)).Append("</title>");
        if (points.Count > 1)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"");
            svg.AppendJoin(' ', points.Select(p => X(p.Index) + "," + Y(p.Value!.Value)));
            svg.Append("\"/>");
        }

        var last = points[^1];
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(last.Index)}\" cy=\"{Y(last.Value!.Value)}\" r=\"2.2\" fill=\"currentColor\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
