using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

public sealed class ScorecardCsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("Team A", "Team A")]
    public void Csv_neutralises_text_cells_that_a_spreadsheet_would_run_as_formulas(string text, string cell)
    {
        Assert.Equal(cell, ScorecardCsvWriter.Cell(text));
    }

    [Fact]
    public void Csv_keeps_negative_numbers_as_numbers_and_round_trips_doubles()
    {
        Assert.Equal("-0.1", ScorecardCsvWriter.Cell(-0.1));
        Assert.Equal(0.1 + 0.2, double.Parse(ScorecardCsvWriter.Cell(0.1 + 0.2), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", ScorecardCsvWriter.Cell(null));
    }

    [Fact]
    public void Csv_neutralises_a_member_id_that_starts_like_a_formula_in_a_whole_export()
    {
        var row = new ScorecardExportRow
        {
            KpiId = "calls_handled", KpiLabel = "Calls handled", Perspective = "internal_process", PeriodGrain = "month",
            PeriodStart = new DateOnly(2026, 10, 1), PeriodEnd = new DateOnly(2026, 10, 31), Level = "team", MemberId = "=cmd|' /C calc'!A0",
            Unit = "count", Direction = "higher", Value = -3,
        };

        string csv = ScorecardCsvWriter.Write([row]);

        string line = csv.Split('\n')[1];
        Assert.Contains(",'=cmd|' /C calc'!A0,", line, StringComparison.Ordinal);
        Assert.Contains(",-3,", line, StringComparison.Ordinal);
    }
}
