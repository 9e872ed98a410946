using System.Globalization;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// The CSV and JSON columns, in order: stable names (documented in the README) that change only with a new export
/// version. Each maps to a string, number, boolean or date (null when empty).
/// </summary>
public static class ScorecardExportColumns
{
    public static IReadOnlyList<(string Name, Func<ScorecardExportRow, object?> Value)> All { get; } =
    [
        ("kpi_id", r => r.KpiId),
        ("kpi_label", r => r.KpiLabel),
        ("perspective", r => r.Perspective),
        ("period_grain", r => r.PeriodGrain),
        ("period_start", r => r.PeriodStart),
        ("period_end", r => r.PeriodEnd),
        ("level", r => r.Level),
        ("member_id", r => r.MemberId),
        ("value", r => r.Value),
        ("unit", r => r.Unit),
        ("currency", r => r.Currency),
        ("direction", r => r.Direction),
        ("target", r => r.Target),
        ("amber_threshold", r => r.AmberThreshold),
        ("red_threshold", r => r.RedThreshold),
        ("is_target_overridden", r => r.IsTargetOverridden),
        ("score", r => r.Score),
        ("status", r => r.Status),
        ("previous_value", r => r.PreviousValue),
        ("change_from_previous", r => r.ChangeFromPrevious),
        ("member_rank", r => r.MemberRank),
        ("sample_size", r => r.SampleSize),
        ("is_below_min_sample", r => r.IsBelowMinSample),
        ("definition_version", r => r.DefinitionVersion),
    ];

    /// <summary>A number as text that reads back to the same double (round-trip, invariant culture).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
