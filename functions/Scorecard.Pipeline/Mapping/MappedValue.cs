using System.Globalization;

namespace Scorecard.Pipeline.Mapping;

/// <summary>
/// What an expression gave for one row: a value (text, whole number, timestamp), nothing, or a problem. A problem
/// keeps the raw text, which is written to the contract file as it was; the row carries the problem in the
/// contract file's problem column, so it goes to quarantine with the column and the mapping's reason.
/// </summary>
internal readonly record struct MappedValue(object? Value, string? Problem = null, string? Raw = null)
{
    public static readonly MappedValue Null = new(null);

    public bool IsNull => Value is null && Problem is null;

    public bool IsProblem => Problem is not null;

    public static MappedValue Bad(string raw, string problem) => new(null, problem, raw);

    public string Format() => Value switch
    {
        null when Problem is not null => Raw ?? "",
        null => "",
        string text => text,
        long number => number.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset at => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };
}
