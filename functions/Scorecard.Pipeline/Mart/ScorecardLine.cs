namespace Scorecard.Pipeline.Mart;

/// <summary>One KPI of a scorecard summary: its value against target and status (null when there is no data).</summary>
public sealed record ScorecardLine(
    string Perspective, string KpiId, string Label, string Unit, double? Value, double? Target, string? Status, double? Score);
