using System.Globalization;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>
/// Team, agent and queue ids holding markup or formulas, delivered in extracts and carried through the lake and the mart:
/// every export shows them as text and runs none of them.
/// </summary>
public sealed class HostileNamesExportTests(HostileNamesMartFixture fixture) : IClassFixture<HostileNamesMartFixture>
{
    [Fact]
    public void The_hostile_ids_reach_the_mart_as_members_unchanged()
    {
        Assert.Contains(fixture.Level("team").Members, m => m.MemberId == HostileNamesMartFixture.ScriptTeam);
        Assert.Contains(fixture.Level("agent").Members, m => m.MemberId == HostileNamesMartFixture.ImageAgent);
        Assert.Contains(fixture.Level("agent").Members, m => m.MemberId == HostileNamesMartFixture.FormulaAgent);
        Assert.Contains(fixture.Level("queue").Members, m => m.MemberId == HostileNamesMartFixture.FormulaQueue);
    }

    [Fact]
    public async Task Every_html_page_encodes_the_hostile_ids_and_has_no_raw_tag_from_them()
    {
        string folder = Directory.CreateDirectory(fixture.Scratch.File("html-" + Guid.NewGuid().ToString("N"))).FullName;

        IReadOnlyList<string> pages = await fixture.Exporter.WritePagesAsync(fixture.Levels, "centre", folder);

        foreach (string page in pages)
        {
            string html = File.ReadAllText(page);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror=alert(1)>", html, StringComparison.Ordinal);
        }

        string centre = File.ReadAllText(pages[0]);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", centre, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", centre, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_shows_the_hostile_ids_as_literal_text_and_builds_no_element_from_them()
    {
        HeadlessChromium.Require();
        string folder = Directory.CreateDirectory(fixture.Scratch.File("chromium-" + Guid.NewGuid().ToString("N"))).FullName;
        IReadOnlyList<string> pages = await fixture.Exporter.WritePagesAsync(fixture.Levels, "team", folder);

        string dom = HeadlessChromium.DumpDom(pages[0]);

        // The serialised DOM holds a <script> or <img> element only if the page created one.
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h2>Team &lt;script&gt;alert(1)&lt;/script&gt; <span class=\"score\">", dom, StringComparison.Ordinal);
        Assert.Contains(">@SUM(1+1)</a>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_from_the_mart_neutralises_formula_ids_and_keeps_numbers_numeric()
    {
        string csv = ScorecardExporter.Render(fixture.Level("queue"), ExportFormat.Csv)
            + ScorecardExporter.Render(fixture.Level("agent"), ExportFormat.Csv)
            + ScorecardExporter.Render(fixture.Level("team"), ExportFormat.Csv);

        Assert.Contains(",queue,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains(",agent,'-2+3,", csv, StringComparison.Ordinal);
        Assert.Contains(",team,'@SUM(1+1),", csv, StringComparison.Ordinal);
        Assert.Contains(",team,<script>alert(1)</script>,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",@", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",+", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_from_the_mart_neutralises_formula_ids_and_writes_numbers_as_number_cells()
    {
        ScorecardExport agents = fixture.Level("agent") with
        {
            // A negative number beside the formula-like id: it must stay a number cell.
            Members = fixture.Level("agent").Members.Select(m => m with { Rows = m.Rows.Select(r => r with { ChangeFromPrevious = -2 }).ToList() }).ToList(),
        };
        using SpreadsheetDocument document = SpreadsheetDocument.Open(new MemoryStream(ScorecardXlsxWriter.Write(agents)), isEditable: false);
        WorkbookPart workbook = document.WorkbookPart!;
        var cells = workbook.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>()).ToList();

        var texts = cells.Where(c => c.DataType?.Value == CellValues.InlineString).Select(c => c.InlineString!.InnerText).ToList();
        Assert.Contains("'-2+3", texts);
        Assert.DoesNotContain(texts, t => t.Length > 0 && t[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        Assert.Contains(cells, c => c.DataType is null && c.CellValue?.Text == "-2");
        Assert.Equal(-2, double.Parse(cells.First(c => c.DataType is null && c.CellValue?.Text.StartsWith('-') == true).CellValue!.Text, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Json_from_the_mart_keeps_the_hostile_ids_exactly_and_escapes_markup()
    {
        string json = ScorecardExporter.Render(fixture.Level("agent"), ExportFormat.Json);

        Assert.DoesNotContain("<img", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var members = document.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("member_id").GetString()).ToHashSet();
        Assert.Contains(HostileNamesMartFixture.ImageAgent, members);
        Assert.Contains(HostileNamesMartFixture.FormulaAgent, members);
    }
}
