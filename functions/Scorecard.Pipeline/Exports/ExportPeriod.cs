using System.Globalization;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// A scorecard period: its grain (day, week or month) and first day. Written as <c>2026-10</c> (month),
/// <c>2026-W43</c> (ISO week) or <c>2026-10-05</c> (day).
/// </summary>
public sealed record ExportPeriod(string Grain, DateOnly Start)
{
    /// <summary>Last day of the period.</summary>
    public DateOnly End => Grain switch
    {
        "day" => Start,
        "week" => Start.AddDays(6),
        _ => Start.AddMonths(1).AddDays(-1),
    };

    /// <summary>The period as written on the command line and in file names.</summary>
    public string Text => Grain switch
    {
        "day" => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "week" => string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):00}"),
        _ => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    /// <summary>A heading for people: "October 2026", "Week 43, 2026 (from 2026-10-19)", "Monday 5 October 2026".</summary>
    public string Title => Grain switch
    {
        "day" => Start.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture),
        "week" => string.Create(CultureInfo.InvariantCulture,
            $"Week {ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue))}, {ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))} (from {Start:yyyy-MM-dd})"),
        _ => Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>The period <paramref name="count"/> periods earlier (negative) or later.</summary>
    public ExportPeriod Shift(int count) => Grain switch
    {
        "day" => this with { Start = Start.AddDays(count) },
        "week" => this with { Start = Start.AddDays(7 * count) },
        _ => this with { Start = Start.AddMonths(count) },
    };

    /// <summary>Parses <c>2026-10</c>, <c>2026-W43</c> or <c>2026-10-05</c>; throws <see cref="FormatException"/> naming the forms otherwise.</summary>
    public static ExportPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            return new ExportPeriod("day", day);
        }

        if (DateOnly.TryParseExact(trimmed, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly month))
        {
            return new ExportPeriod("month", month);
        }

        int w = trimmed.IndexOf("-W", StringComparison.OrdinalIgnoreCase);
        if (w == 4
            && int.TryParse(trimmed.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            && int.TryParse(trimmed.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int week)
            && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            return new ExportPeriod("week", DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)));
        }

        throw new FormatException($"Period '{text}' is not a month (2026-10), an ISO week (2026-W43) or a day (2026-10-05).");
    }

    /// <summary>Checks the grain is one the mart knows.</summary>
    public static string CheckGrain(string grain) => KpiRegistry.PeriodGrains.Contains(grain)
        ? grain
        : throw new ArgumentException($"Period grain '{grain}' is not one of {string.Join(", ", KpiRegistry.PeriodGrains)}.", nameof(grain));
}
