namespace Scorecard.Pipeline.Mapping;

/// <summary>How a source writes a duration; every one becomes whole seconds (rounded half away from zero).</summary>
internal enum DurationFormat
{
    /// <summary><c>seconds</c>: <c>109</c> or <c>109.4</c>.</summary>
    Seconds,

    /// <summary><c>milliseconds</c>: <c>11179</c>.</summary>
    Milliseconds,

    /// <summary><c>minutes</c>: minutes with decimals, <c>2.5</c> = 150 s.</summary>
    Minutes,

    /// <summary><c>hh:mm:ss</c>: <c>0:02:23</c> or <c>00:02:23</c> (hours may exceed 23).</summary>
    HoursMinutesSecondsColons,

    /// <summary><c>h.mm.ss</c>: <c>0.02.23</c>, as some locales' CSV exports write a time-of-day cell.</summary>
    HoursMinutesSecondsDots,

    /// <summary><c>day_fraction</c>: a spreadsheet time cell as a fraction of a day, <c>0.0016550925925926</c> = 143 s.</summary>
    DayFraction,
}
