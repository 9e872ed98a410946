using Scorecard.Pipeline.Mapping;

namespace Scorecard.Pipeline.Tests.Mapping;

public sealed class ZoneOffsetsTests
{
    private readonly ZoneOffsets _zurich = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich"));

    [Theory]
    [InlineData("2026-03-29T01:59:59", 1)]
    [InlineData("2026-03-29T03:00:00", 2)]
    [InlineData("2026-10-25T01:59:59", 2)]
    [InlineData("2026-10-25T02:30:00", 1)] // ambiguous (clocks went back): standard time
    [InlineData("2026-10-25T03:00:00", 1)]
    public void Local_times_around_the_clock_changes_get_the_zone_offset(string local, int hours)
    {
        DateTime at = DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture);

        // Twice: the second answer comes from the remembered hour.
        Assert.Equal(TimeSpan.FromHours(hours), _zurich.OffsetOf(at));
        Assert.Equal(TimeSpan.FromHours(hours), _zurich.OffsetOf(at));
    }

    [Fact]
    public void A_local_time_in_the_spring_gap_does_not_exist()
    {
        Assert.Null(_zurich.OffsetOf(new DateTime(2026, 3, 29, 2, 30, 0)));
        Assert.Null(_zurich.OffsetOf(new DateTime(2026, 3, 29, 2, 0, 0)));
    }
}
