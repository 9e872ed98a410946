using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

public sealed class ScorecardXlsxWriterTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    [Fact]
    public void Workbook_has_a_scorecard_sheet_a_sheet_per_perspective_and_definitions_and_is_valid_open_xml()
    {
        using SpreadsheetDocument document = Open(fixture.TeamMonth);

        var names = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["Scorecard", "Financial", "Customer", "Internal process", "Learning and growth", "Definitions"], names);
        Assert.Empty(new OpenXmlValidator().Validate(document));
    }

    [Fact]
    public void Scorecard_sheet_values_and_status_fills_equal_the_exported_rows_with_the_header_frozen()
    {
        using SpreadsheetDocument document = Open(fixture.TeamMonth);
        var (sheet, rows) = Sheet(document, "Scorecard");
        var header = rows[0];
        int valueColumn = header.IndexOf("value");
        int statusColumn = header.IndexOf("status");
        var fills = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet!;

        var exported = fixture.TeamMonth.Rows.ToList();

        Assert.Equal(exported.Count + 1, rows.Count);
        Assert.Equal(PaneStateValues.Frozen, sheet.Descendants<Pane>().Single().State!.Value);
        for (int i = 0; i < exported.Count; i++)
        {
            string expected = exported[i].Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
            Assert.Equal(expected, rows[i + 1][valueColumn]);
            Assert.Equal(exported[i].Status ?? "", rows[i + 1][statusColumn]);
            if (exported[i].Status is { } status)
            {
                Assert.Equal(ScorecardXlsxWriter.StatusFills[status], FillOf(fills, sheet, i + 2, statusColumn));
            }
        }
    }

    [Fact]
    public void Definitions_sheet_lists_every_kpi_with_its_definition()
    {
        using SpreadsheetDocument document = Open(fixture.CentreMonth);

        var (_, rows) = Sheet(document, "Definitions");

        Assert.Equal(fixture.CentreMonth.Kpis.Select(k => k.Definition), rows.Skip(1).Select(r => r[3]));
    }

    [Fact]
    public void Definitions_sheet_gives_money_kpis_the_mart_currency()
    {
        using SpreadsheetDocument document = Open(fixture.CentreMonth);

        var (_, rows) = Sheet(document, "Definitions");

        int unit = rows[0].IndexOf("unit");
        int currency = rows[0].IndexOf("currency");
        Assert.Equal(unit + 1, currency);
        Assert.Contains(rows.Skip(1), r => r[unit] == "currency");
        Assert.All(rows.Skip(1), r => Assert.Equal(r[unit] == "currency" ? "EUR" : "", r[currency]));
    }

    private static SpreadsheetDocument Open(ScorecardExport export) =>
        SpreadsheetDocument.Open(new MemoryStream(ScorecardXlsxWriter.Write(export)), isEditable: false);

    private static (Worksheet Sheet, List<List<string>> Rows) Sheet(SpreadsheetDocument document, string name)
    {
        WorkbookPart workbook = document.WorkbookPart!;
        Sheet sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        Worksheet worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
        var rows = worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToList())
            .ToList();
        return (worksheet, rows);
    }

    private static string? FillOf(Stylesheet styles, Worksheet sheet, int rowIndex, int column)
    {
        Cell cell = sheet.Descendants<Row>().Single(r => r.RowIndex! == (uint)rowIndex).Elements<Cell>().ElementAt(column);
        var format = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));
        var fill = styles.Fills!.Elements<Fill>().ElementAt((int)format.FillId!.Value);
        return fill.PatternFill?.ForegroundColor?.Rgb?.Value;
    }
}
