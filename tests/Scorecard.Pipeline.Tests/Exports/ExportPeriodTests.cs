using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

public sealed class ExportPeriodTests
{
    [Theory]
    [InlineData("2026-10", "month", "2026-10-01", "2026-10-31")]
    [InlineData("2026-W43", "week", "2026-10-19", "2026-10-25")]
    [InlineData("2026-10-05", "day", "2026-10-05", "2026-10-05")]
    public void A_period_is_read_as_month_iso_week_or_day(string text, string grain, string start, string end)
    {
        ExportPeriod period = ExportPeriod.Parse(text);

        Assert.Equal(grain, period.Grain);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), period.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), period.End);
        Assert.Equal(text, period.Text);
    }

    [Fact]
    public void An_unreadable_period_names_the_accepted_forms()
    {
        var error = Assert.Throws<FormatException>(() => ExportPeriod.Parse("October"));

        Assert.Contains("2026-W43", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_months_back_from_october_starts_in_november_of_the_year_before()
    {
        Assert.Equal(new DateOnly(2025, 11, 1), ExportPeriod.Parse("2026-10").Shift(-11).Start);
    }
}
