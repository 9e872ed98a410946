using System.Collections.Concurrent;

namespace Scorecard.Pipeline.Mapping;

/// <summary>
/// The UTC offset of local times in one zone, remembered per local hour. <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/>
/// searches the zone's adjustment rules on every call (tens of microseconds for zones with a long history), which made
/// the mapping stage of a 33,000-row file take seconds. An hour whose first and last second have the same offset and
/// are valid times has no transition inside it; any other hour is computed per value.
/// </summary>
internal sealed class ZoneOffsets(TimeZoneInfo zone)
{
    private readonly ConcurrentDictionary<long, TimeSpan?> _byHour = new();

    public TimeZoneInfo Zone => zone;

    /// <summary>The offset of <paramref name="local"/>, or null when that local time does not exist (clocks went forward).
    /// An ambiguous time (clocks went back) gets the zone's standard offset.</summary>
    public TimeSpan? OffsetOf(DateTime local)
    {
        long hour = local.Ticks / TimeSpan.TicksPerHour;
        TimeSpan? uniform = _byHour.GetOrAdd(hour, h =>
        {
            var start = new DateTime(h * TimeSpan.TicksPerHour, DateTimeKind.Unspecified);
            DateTime end = start.AddHours(1).AddTicks(-1);
            TimeSpan first = zone.GetUtcOffset(start);
            return first == zone.GetUtcOffset(end) && !zone.IsInvalidTime(start) && !zone.IsInvalidTime(end) ? first : null;
        });
        return uniform ?? (zone.IsInvalidTime(local) ? null : zone.GetUtcOffset(local));
    }
}
