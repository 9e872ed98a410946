using System.Globalization;

namespace Scorecard.Pipeline.Mapping;

/// <summary>
/// A point in time from one column (<c>{ timestamp: InitiationTimestamp }</c>, ISO 8601 by default) or from a date and
/// a time column (<c>{ date: Date, time: Time, date_format: yyyy-MM-dd, time_format: H.mm.ss }</c>). Text with an
/// offset or <c>Z</c> keeps it; naive text is local time in <c>time_zone</c>. A local time that does not exist (clocks
/// went forward) is a problem; an ambiguous one (clocks went back) is read as standard time. <c>not_before: field</c>
/// adds a day when the result is earlier than that field (a time of day that crossed midnight).
/// </summary>
internal sealed class TimestampExpression(
    string column, string? timeColumn, string? format, string? timeFormat, TimeZoneInfo? zone, MappingExpression? notBefore)
    : MappingExpression
{
    private readonly ZoneOffsets? _offsets = zone is null ? null : new ZoneOffsets(zone);

    protected override MappedValue EvaluateCore(SourceRecord row)
    {
        string? date = row.Get(column);
        string? time = timeColumn is null ? null : row.Get(timeColumn);
        if (date is null || (timeColumn is not null && time is null))
        {
            return MappedValue.Null;
        }

        string text = time is null ? date : $"{date} {time}";
        string pattern = timeFormat is null ? format ?? "" : $"{format} {timeFormat}";
        DateTimeOffset at;
        if (format is null)
        {
            if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime parsed))
            {
                return MappedValue.Bad(text, $"{Name} '{text}' is not an ISO 8601 timestamp");
            }

            if (parsed.Kind == DateTimeKind.Unspecified)
            {
                if (Localise(parsed, text, out TimeSpan offset) is { } problem)
                {
                    return problem;
                }

                at = new DateTimeOffset(parsed, offset);
            }
            else
            {
                at = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            }
        }
        else
        {
            if (!DateTime.TryParseExact(text, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime parsed))
            {
                return MappedValue.Bad(text, $"{Name} '{text}' does not match the format '{pattern}'");
            }

            if (Localise(parsed, text, out TimeSpan offset) is { } problem)
            {
                return problem;
            }

            at = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified), offset);
        }

        if (notBefore?.Evaluate(row).Value is DateTimeOffset earliest && at < earliest)
        {
            DateTime local = at.DateTime.AddDays(1);
            at = new DateTimeOffset(local, _offsets?.OffsetOf(local) ?? at.Offset);
        }

        return new MappedValue(at);
    }

    protected override IEnumerable<string> OwnColumns() =>
        new[] { column, timeColumn }.OfType<string>().Concat(notBefore?.Columns() ?? []);

    private string Name => timeColumn is null ? column : $"{column} + {timeColumn}";

    private MappedValue? Localise(DateTime local, string text, out TimeSpan offset)
    {
        offset = default;
        if (_offsets is null)
        {
            return MappedValue.Bad(text, $"{Name} '{text}' has no offset and the mapping sets no time_zone");
        }

        if (_offsets.OffsetOf(local) is not { } found)
        {
            return MappedValue.Bad(text, $"{Name} '{text}' does not exist in {_offsets.Zone.Id} (the clocks went forward)");
        }

        offset = found;
        return null;
    }
}
