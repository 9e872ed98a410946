using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Writes an export as an Excel workbook: a Scorecard sheet (the CSV columns, status cells filled green, amber or red,
/// numbers formatted, header frozen), one sheet per perspective with each member's KPIs by period over the trend
/// periods, and a Definitions sheet from the registry.
/// </summary>
public static class ScorecardXlsxWriter
{
    /// <summary>Fill colours (ARGB) of the status cells, also what tests check.</summary>
    public static IReadOnlyDictionary<string, string> StatusFills { get; } = new Dictionary<string, string>
    {
        ["green"] = "FFC6EFCE",
        ["amber"] = "FFFFEB9C",
        ["red"] = "FFFFC7CE",
    };

    // Cell style indexes in the stylesheet below.
    private const uint Plain = 0;
    private const uint Header = 1;
    private const uint Number = 2;
    private const uint Green = 3;
    private const uint Amber = 4;
    private const uint Red = 5;
    private const uint Date = 6;

    public static byte[] Write(ScorecardExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var workbook = new SpreadsheetPackage(
            $"Scorecard {export.Period.Text} ({export.Level})", export.BuiltAt ?? DateTimeOffset.UtcNow, StylesXml);

        AddSheet(workbook, "Scorecard", ScorecardRows(export), frozenRows: 1);
        foreach (var perspective in export.Perspectives)
        {
            AddSheet(workbook, SheetName(perspective.Label), PerspectiveRows(export, perspective.Id), frozenRows: 1);
        }

        AddSheet(workbook, "Definitions", DefinitionRows(export), frozenRows: 1);
        if (export.Intraday is { } intraday)
        {
            AddSheet(workbook, IntradaySheet.Name, IntradaySheet.Rows(intraday, n => Text(n, Header), ValueCell, StatusCell), frozenRows: 1);
        }

        return workbook.ToBytes();
    }

    private static IEnumerable<Row> ScorecardRows(ScorecardExport export)
    {
        yield return HeaderRow(ScorecardExportColumns.All.Select(c => c.Name));
        foreach (ScorecardExportRow row in export.Rows)
        {
            yield return new Row(ScorecardExportColumns.All.Select(c => c.Name == "status" ? StatusCell(row.Status) : ValueCell(c.Value(row))));
        }
    }

    private static IEnumerable<Row> PerspectiveRows(ScorecardExport export, string perspective)
    {
        yield return HeaderRow(new[] { "member_id", "kpi_id", "kpi_label", "unit", "currency" }.Concat(export.TrendPeriods.Select(p => p.Text)).Append("status"));
        foreach (ExportedMember member in export.Members)
        {
            foreach (ScorecardExportRow row in member.Rows.Where(r => r.Perspective == perspective))
            {
                IReadOnlyList<double?> trend = member.Trends.GetValueOrDefault(row.KpiId) ?? new double?[export.TrendPeriods.Count];
                yield return new Row(new[] { Text(member.MemberId), Text(row.KpiId), Text(row.KpiLabel), Text(row.Unit), ValueCell(row.Currency) }
                    .Concat(trend.Select(v => ValueCell(v)))
                    .Append(StatusCell(row.Status)));
            }
        }
    }

    private static IEnumerable<Row> DefinitionRows(ScorecardExport export)
    {
        yield return HeaderRow(["kpi_id", "label", "perspective", "definition", "unit", "currency", "direction", "target", "amber_threshold", "red_threshold", "weight", "version"]);
        foreach (ExportedKpi kpi in export.Kpis)
        {
            yield return new Row(
                Text(kpi.KpiId), Text(kpi.Label), Text(kpi.Perspective), Text(kpi.Definition), Text(kpi.Unit), ValueCell(kpi.Currency), Text(kpi.Direction),
                ValueCell(kpi.Target), ValueCell(kpi.AmberThreshold), ValueCell(kpi.RedThreshold), ValueCell(kpi.Weight), ValueCell(kpi.Version));
        }
    }

    private static void AddSheet(SpreadsheetPackage workbook, string name, IEnumerable<Row> rows, int frozenRows) =>
        workbook.AddSheet(name, rows, frozenRows);

    private static Row HeaderRow(IEnumerable<string> names) => new(names.Select(n => Text(n, Header)));

    private static Cell StatusCell(string? status) => Text(status ?? "", status switch
    {
        "green" => Green,
        "amber" => Amber,
        "red" => Red,
        _ => Plain,
    });

    private static Cell ValueCell(object? value) => value switch
    {
        null => new Cell(),
        double d when double.IsFinite(d) => new Cell(new CellValue(d)) { DataType = CellValues.Number, StyleIndex = Number },
        double => new Cell(),
        long l => new Cell(new CellValue(l.ToString(CultureInfo.InvariantCulture))) { DataType = CellValues.Number },
        int i => new Cell(new CellValue(i)) { DataType = CellValues.Number },
        bool b => new Cell(new CellValue(b ? "1" : "0")) { DataType = CellValues.Boolean },
        DateOnly date => new Cell(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate())) { DataType = CellValues.Number, StyleIndex = Date },
        var other => Text(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>A text cell; text starting like a formula gets the CSV export's leading apostrophe (numbers are number cells, never text).</summary>
    private static Cell Text(string text, uint style = Plain) =>
        new(new InlineString(new Text(ScorecardCsvWriter.Neutralise(text)) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    /// <summary>
    /// The stylesheet, indexed by the style constants above: fonts (plain, bold), fills (the two Excel requires, the status
    /// colours, header grey), number formats <c>#,##0.00</c> (164) and ISO dates <c>yyyy-mm-dd</c> (165).
    /// </summary>
    private static string StylesXml { get; } =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
        "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"#,##0.00\"/><numFmt numFmtId=\"165\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>" +
        "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>" +
        "<fills count=\"6\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>" +
        Solid(StatusFills["green"]) + Solid(StatusFills["amber"]) + Solid(StatusFills["red"]) + Solid("FFD9D9D9") + "</fills>" +
        "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>" +
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>" +
        "<cellXfs count=\"7\">" +
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" +
        "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"5\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>" +
        "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" +
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>" +
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>" +
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"4\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>" +
        "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" +
        "</cellXfs>" +
        "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>" +
        "</styleSheet>";

    private static string Solid(string argb) =>
        $"<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{argb}\"/><bgColor indexed=\"64\"/></patternFill></fill>";

    private static string SheetName(string label)
    {
        var cleaned = new string(label.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }
}
