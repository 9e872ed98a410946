using System.Globalization;

namespace Scorecard.Pipeline.Mapping;

/// <summary><c>{ duration: AvgTalkDuration, format: h.mm.ss }</c>: whole seconds from a duration in one of the
/// <see cref="DurationFormat"/> notations.</summary>
internal sealed class DurationExpression(string column, DurationFormat format) : MappingExpression
{
    public static readonly IReadOnlyDictionary<string, DurationFormat> Formats = new Dictionary<string, DurationFormat>
    {
        ["seconds"] = DurationFormat.Seconds,
        ["milliseconds"] = DurationFormat.Milliseconds,
        ["minutes"] = DurationFormat.Minutes,
        ["hh:mm:ss"] = DurationFormat.HoursMinutesSecondsColons,
        ["h.mm.ss"] = DurationFormat.HoursMinutesSecondsDots,
        ["day_fraction"] = DurationFormat.DayFraction,
    };

    protected override MappedValue EvaluateCore(SourceRecord row)
    {
        string? text = row.Get(column);
        if (text is null)
        {
            return MappedValue.Null;
        }

        long? seconds = Parse(text, format);
        return seconds is { } s and >= 0
            ? new MappedValue(s)
            : MappedValue.Bad(text, $"{column} '{text}' is not a duration in {Formats.First(f => f.Value == format).Key}");
    }

    protected override IEnumerable<string> OwnColumns() => [column];

    public static long? Parse(string text, DurationFormat format)
    {
        const NumberStyles number = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign;
        switch (format)
        {
            case DurationFormat.HoursMinutesSecondsColons:
            case DurationFormat.HoursMinutesSecondsDots:
                string[] parts = text.Split(format == DurationFormat.HoursMinutesSecondsDots ? '.' : ':');
                if (parts.Length != 3 || parts[1].Length != 2 || parts[2].Length != 2
                    || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long h)
                    || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long m)
                    || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long s)
                    || m > 59 || s > 59 || h > 1_000_000)
                {
                    return null;
                }

                return (h * 3600) + (m * 60) + s;
            default:
                if (!decimal.TryParse(text, number, CultureInfo.InvariantCulture, out decimal value) || Math.Abs(value) > 1_000_000_000m)
                {
                    return null;
                }

                decimal factor = format switch
                {
                    DurationFormat.Milliseconds => 0.001m,
                    DurationFormat.Minutes => 60m,
                    DurationFormat.DayFraction => 86_400m,
                    _ => 1m,
                };
                return (long)Math.Round(value * factor, MidpointRounding.AwayFromZero);
        }
    }
}
