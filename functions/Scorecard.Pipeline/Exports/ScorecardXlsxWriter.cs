using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
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
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            WorkbookPart workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();

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

            workbook.Workbook.Save();
        }

        return buffer.ToArray();
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

    private static void AddSheet(WorkbookPart workbook, string name, IEnumerable<Row> rows, int frozenRows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint index = 0;
        foreach (Row row in rows)
        {
            row.RowIndex = ++index;
            int column = 0;
            foreach (Cell cell in row.Elements<Cell>())
            {
                cell.CellReference = ColumnName(column++) + index.ToString(CultureInfo.InvariantCulture);
            }

            data.Append(row);
        }

        var pane = new Pane
        {
            VerticalSplit = frozenRows,
            TopLeftCell = "A" + (frozenRows + 1).ToString(CultureInfo.InvariantCulture),
            ActivePane = PaneValues.BottomLeft,
            State = PaneStateValues.Frozen,
        };
        part.Worksheet = new Worksheet(new SheetViews(new SheetView(pane) { WorkbookViewId = 0 }), data);
        Sheets sheets = workbook.Workbook.Sheets!;
        sheets.Append(new Sheet
        {
            Id = workbook.GetIdOfPart(part),
            SheetId = (uint)sheets.ChildElements.Count + 1,
            Name = name,
        });
    }

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
        bool b => new Cell(new CellValue(b)) { DataType = CellValues.Boolean },
        DateOnly date => new Cell(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate())) { DataType = CellValues.Number, StyleIndex = Date },
        var other => Text(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>A text cell; text starting like a formula gets the CSV export's leading apostrophe (numbers are number cells, never text).</summary>
    private static Cell Text(string text, uint style = Plain) =>
        new(new InlineString(new Text(ScorecardCsvWriter.Neutralise(text)) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    private static Stylesheet Stylesheet()
    {
        static Fill Solid(string argb) => new(new PatternFill(new ForegroundColor { Rgb = argb }) { PatternType = PatternValues.Solid });
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "#,##0.00" }) { Count = 1 },
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                Solid(StatusFills["green"]),
                Solid(StatusFills["amber"]),
                Solid(StatusFills["red"]),
                Solid("FFD9D9D9")) { Count = 6 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 1, FillId = 5, ApplyFont = true, ApplyFill = true },
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                new CellFormat { FillId = 2, ApplyFill = true },
                new CellFormat { FillId = 3, ApplyFill = true },
                new CellFormat { FillId = 4, ApplyFill = true },
                new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 7 });
    }

    private static string SheetName(string label)
    {
        var cleaned = new string(label.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }

    private static string ColumnName(int index)
    {
        string name = "";
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }
}
