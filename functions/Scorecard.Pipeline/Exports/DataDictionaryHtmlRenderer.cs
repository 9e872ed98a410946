using System.Globalization;
using System.Text;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Renders a <see cref="DataDictionary"/> as one self-contained HTML page (<c>data_dictionary.html</c>): how to connect,
/// each table with its grain, key, Parquet file and columns, each KPI with how its value is built, and how to trace a
/// number to its rows. Every text is HTML-encoded.
/// </summary>
public static class DataDictionaryHtmlRenderer
{
    public static string Render(DataDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Scorecard mart – data dictionary</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append("<header><h1>Scorecard mart – data dictionary</h1>")
            .Append("<p>The mart is <code>").Append(Html.Encode(dictionary.Database)).Append("</code> (DuckDB) in the <code>mart</code> container or folder, ")
            .Append("and every table below as Parquet at the path given for it (one file, or one per day or month partition: read the folder with Hive partitioning). Open it with ")
            .Append("<code>duckdb ").Append(Html.Encode(dictionary.Database)).Append("</code> and query <code>schema.table</code>, e.g. ")
            .Append("<code>select * from scorecard.fct_scorecard</code>.</p></header>\n<main>\n");

        html.Append("<nav><h2>Tables</h2><ul>");
        foreach (DictionaryTable table in dictionary.Tables)
        {
            html.Append("<li><a href=\"#").Append(Html.Encode(Anchor(table))).Append("\">").Append(Html.Encode($"{table.Schema}.{table.Name}")).Append("</a></li>");
        }

        html.Append("<li><a href=\"#kpis\">KPIs: how each value is built</a></li></ul></nav>\n");
        foreach (DictionaryTable table in dictionary.Tables)
        {
            html.Append("<section id=\"").Append(Html.Encode(Anchor(table))).Append("\"><h2>").Append(Html.Encode($"{table.Schema}.{table.Name}")).Append("</h2>")
                .Append("<p>").Append(Html.Encode(table.Description)).Append("</p><dl>")
                .Append("<dt>Grain</dt><dd>").Append(Html.Encode(table.Grain ?? "not stated")).Append("</dd>")
                .Append("<dt>Key</dt><dd>").Append(Html.Encode(table.Key.Count == 0 ? "none declared" : string.Join(", ", table.Key))).Append("</dd>")
                .Append("<dt>Parquet</dt><dd><code>mart/").Append(Html.Encode(table.ParquetPath)).Append("</code></dd>")
                .Append("<dt>Rows</dt><dd>").Append(table.RowCount.ToString("#,0", CultureInfo.InvariantCulture)).Append("</dd></dl>")
                .Append("<table><thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Type</th><th scope=\"col\">Unit</th><th scope=\"col\">Description</th></tr></thead><tbody>");
            foreach (DictionaryColumn column in table.Columns)
            {
                html.Append("<tr><th scope=\"row\"><code>").Append(Html.Encode(column.Name)).Append("</code></th><td>").Append(Html.Encode(column.DataType))
                    .Append("</td><td>").Append(Html.Encode(column.Unit ?? "")).Append("</td><td>").Append(Html.Encode(column.Description)).Append("</td></tr>");
            }

            html.Append("</tbody></table></section>\n");
        }

        html.Append("<section id=\"kpis\"><h2>KPIs: how each value is built</h2>")
            .Append("<p>Each KPI row of <code>scorecard.fct_kpi</code> keeps its numerator and denominator; the value is their quotient times the scale. ")
            .Append("Both are sums over the base rows of the period and member, so a month or a team figure is a quotient of sums, never an average of ratios.</p>")
            .Append("<table><thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Definition</th><th scope=\"col\">Rows</th><th scope=\"col\">Numerator</th>")
            .Append("<th scope=\"col\">Denominator</th><th scope=\"col\">Scale</th><th scope=\"col\">Unit</th></tr></thead><tbody>");
        foreach (DictionaryKpi kpi in dictionary.Kpis)
        {
            html.Append("<tr><th scope=\"row\">").Append(Html.Encode(kpi.Label)).Append("<br><code>").Append(Html.Encode(kpi.Id)).Append("</code></th><td>")
                .Append(Html.Encode(kpi.Definition)).Append("</td><td><code>").Append(Html.Encode(kpi.Relation)).Append("</code> by <code>").Append(Html.Encode(kpi.DateColumn))
                .Append("</code></td><td><code>").Append(Html.Encode(kpi.Numerator)).Append("</code></td><td><code>").Append(Html.Encode(kpi.Denominator ?? "none (simple)"))
                .Append("</code></td><td class=\"num\">").Append(kpi.Scale.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Html.Encode(kpi.Unit)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>\n</main>\n<footer>").Append(ScorecardHtmlRenderer.TraceNote).Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Anchor(DictionaryTable table) => $"table-{table.Schema}-{table.Name}";

    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 16px; color: #222; max-width: 1200px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 24px; font-size: 0.92em; }
        th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
        thead th { background: #f0f0f0; } td.num { text-align: right; }
        code { font-size: 0.95em; } dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
        dt { font-weight: 600; } dd { margin: 0; } .note { color: #555; }
        """;
}
