using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>The intraday view in the exports: the HTML page's heatmaps (opened in headless Chromium) and the workbook's sheet.</summary>
public sealed class IntradayExportTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    [Fact]
    public void The_intraday_view_is_the_busiest_day_of_the_period_from_the_staffing_table()
    {
        IntradayView view = fixture.CentreMonth.Intraday!;

        using var connection = MartConnection.OpenReadOnly(fixture.MartDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = """
            select strftime(interval_date, '%Y-%m-%d') from scorecard.fct_interval_staffing
            group by interval_date order by sum(offered_contacts) desc, interval_date desc limit 1
            """;
        Assert.Equal(command.ExecuteScalar() as string, view.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(80, view.ServiceLevelTarget);
        Assert.Contains(view.Cells, c => c.ScheduledAgents > 0);
        Assert.Null(fixture.TeamMonth.Intraday);
    }

    [Fact]
    public async Task Chromium_shows_both_heatmaps_with_each_cell_coloured_and_labelled_and_no_script()
    {
        HeadlessChromium.Require();
        IntradayView view = fixture.CentreMonth.Intraday!;
        string page = await fixture.Exporter.WriteAsync(fixture.CentreMonth, ExportFormat.Html, fixture.Scratch.File("intraday.html"));

        string dom = HeadlessChromium.DumpDom(page);

        Assert.Contains("<section class=\"intraday\"><h2>Intraday: ", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", File.ReadAllText(page), StringComparison.OrdinalIgnoreCase);
        IntradayCell busiest = view.Cells.OrderByDescending(c => c.OfferedContacts).First();
        string interval = busiest.IntervalStart.ToString("HH:mm", CultureInfo.InvariantCulture);
        string slLabel = busiest.ServiceLevel!.Value.ToString("0", CultureInfo.InvariantCulture);
        Assert.Matches(
            $"<svg class=\"heatmap intraday-service-level\".*?<g class=\"cell status-{view.ServiceLevelStatus(busiest)}\" data-queue=\"{busiest.QueueId}\" data-interval=\"{interval}\"><title>[^<]*</title><rect[^>]*></rect><text[^>]*>{slLabel}</text></g>",
            dom);
        string gapLabel = busiest.StaffingGapAgents!.Value.ToString("+0.0;−0.0;0", CultureInfo.InvariantCulture);
        Assert.Matches(
            $"<svg class=\"heatmap intraday-staffing-gap\".*?<g class=\"cell status-{IntradayView.GapStatus(busiest)}\" data-queue=\"{busiest.QueueId}\" data-interval=\"{interval}\"><title>[^<]*</title><rect[^>]*></rect><text[^>]*>{System.Text.RegularExpressions.Regex.Escape(gapLabel)}</text></g>",
            dom);
        Assert.Equal(2 * view.Queues.Count * view.Intervals.Count, System.Text.RegularExpressions.Regex.Count(dom, "<g class=\"cell status-"));

        string artifacts = RepositoryRoot.File(".artifacts", "exports");
        Directory.CreateDirectory(artifacts);
        string png = Path.Combine(artifacts, "scorecard-centre-intraday.png");
        HeadlessChromium.Screenshot(page, png, 1280, 4000);
        Assert.True(new FileInfo(png).Length > 20_000, "the screenshot looks empty");
    }

    [Fact]
    public void Workbook_has_an_intraday_sheet_with_a_row_per_queue_and_interval_and_status_fills()
    {
        IntradayView view = fixture.CentreMonth.Intraday!;
        using SpreadsheetDocument document = SpreadsheetDocument.Open(new MemoryStream(ScorecardXlsxWriter.Write(fixture.CentreMonth)), isEditable: false);

        WorkbookPart workbook = document.WorkbookPart!;
        Sheet sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == IntradaySheet.Name);
        Worksheet worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
        var rows = worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToList())
            .ToList();
        Assert.Empty(new OpenXmlValidator().Validate(document));
        Assert.Equal(IntradaySheet.Columns, rows[0]);
        Assert.Equal(1 + view.Queues.Count * view.Intervals.Count, rows.Count);
        int queue = rows[0].IndexOf("queue_id");
        int interval = rows[0].IndexOf("interval_start");
        int offered = rows[0].IndexOf("offered_contacts");
        int status = rows[0].IndexOf("service_level_status");
        IntradayCell busiest = view.Cells.OrderByDescending(c => c.OfferedContacts).First();
        List<string> row = rows.Single(r => r[queue] == busiest.QueueId && r[interval] == busiest.IntervalStart.ToString("HH:mm", CultureInfo.InvariantCulture));
        Assert.Equal(busiest.OfferedContacts.ToString(CultureInfo.InvariantCulture), row[offered]);
        Assert.Equal(view.ServiceLevelStatus(busiest), row[status]);
    }
}
