namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One KPI of a scorecard summary: its value against target and status (null when there is no data). <see cref="Currency"/>
/// is the ISO 4217 code of a money KPI's value and target (the mart's <c>Mart__Currency</c>), null for other units.
/// </summary>
public sealed record ScorecardLine(
    string Perspective, string KpiId, string Label, string Unit, double? Value, double? Target, string? Status, double? Score,
    string? Currency = null);
