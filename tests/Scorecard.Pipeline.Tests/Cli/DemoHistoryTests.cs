using System.Globalization;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.SampleData;

namespace Scorecard.Pipeline.Tests.Cli;

/// <summary>The demo generates whole months of history, so its scorecard's changes and trend lines carry data.</summary>
public sealed class DemoHistoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Demo_with_three_months_shows_changes_from_the_previous_month_and_trend_lines()
    {
        string store = _folder.File("store");
        DateOnly lastMonth = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-1);

        var result = await ScorecardProcess.RunAsync("demo", "--store", store, "--months", "3", "--agents", "6", "--contacts-per-day", "60");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        int days = lastMonth.AddMonths(1).DayNumber - lastMonth.AddMonths(-2).DayNumber;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Generated {days} days from {lastMonth.AddMonths(-2):yyyy-MM-dd}"), result.Output, StringComparison.Ordinal);
        string exports = Path.Combine(store, StoreContainers.Exports);
        string page = File.ReadAllText(Directory.GetFiles(exports, $"scorecard_{lastMonth:yyyy-MM}_centre_*.html").Single());
        var csv = CsvTestReader.ReadAll(Directory.GetFiles(exports, $"scorecard_{lastMonth:yyyy-MM}_centre_*.csv").Single());
        int previous = Array.IndexOf(csv[0], "previous_value");
        Assert.True(csv.Skip(1).Count(r => r[previous].Length > 0) >= (csv.Count - 1) / 2,
            "fewer than half the centre's KPIs have a previous month's value");
        Assert.DoesNotContain("no previous", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<polyline", page, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
