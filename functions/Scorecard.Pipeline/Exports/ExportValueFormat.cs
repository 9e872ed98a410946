using System.Globalization;

namespace Scorecard.Pipeline.Exports;

/// <summary>How exports show KPI values for people: by unit, invariant culture, a dash for no value.</summary>
public static class ExportValueFormat
{
    /// <summary>A value in its unit; money gets its ISO 4217 <paramref name="currency"/> after it ("96.40 EUR").</summary>
    public static string Value(double? value, string unit, string? currency = null) => value is not { } v ? "–" : unit switch
    {
        "percent" => v.ToString("0.0", CultureInfo.InvariantCulture) + " %",
        "seconds" => v.ToString("#,0", CultureInfo.InvariantCulture) + " s",
        "hours" => v.ToString("0.0#", CultureInfo.InvariantCulture) + " h",
        "currency" => v.ToString("#,0.00", CultureInfo.InvariantCulture) + (currency is null ? "" : " " + currency),
        "points" => v.ToString("0.0", CultureInfo.InvariantCulture),
        "score" => v.ToString("0.00", CultureInfo.InvariantCulture),
        _ => v.ToString(Math.Abs(v) >= 100 ? "#,0" : "0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>A change with its sign, in the unit's precision ("+1.2 pp" for percentages).</summary>
    public static string Change(double change, string unit, string? currency = null)
    {
        string sign = change > 0 ? "+" : change < 0 ? "−" : "±";
        string magnitude = Value(Math.Abs(change), unit, currency);
        return unit == "percent" ? sign + magnitude.Replace(" %", " pp", StringComparison.Ordinal) : sign + magnitude;
    }

    public static string Score(double? score) => score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "–";

    /// <summary>The text shown beside a status colour, so status is never told by colour alone.</summary>
    public static string StatusLabel(string? status, bool hasValue, bool hasTarget) => status switch
    {
        "green" => "On target",
        "amber" => "Near target",
        "red" => "Off target",
        _ when !hasValue => "No data",
        _ when !hasTarget => "No target",
        _ => "Not scored",
    };

    /// <summary>The CSS class of a status: green, amber, red or none.</summary>
    public static string StatusClass(string? status) => status is "green" or "amber" or "red" ? status : "none";

    public static string Level(string level) => level switch
    {
        "centre" => "Centre",
        "queue" => "Queue",
        "team" => "Team",
        "agent" => "Agent",
        _ => level,
    };
}
