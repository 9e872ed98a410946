namespace Scorecard.Pipeline.Exports;

/// <summary>
/// One row of <c>scorecard.fct_scorecard</c> with the KPI's label and unit beside it: what the CSV and JSON exports
/// hold, one per KPI and member of the period and level. <see cref="ScorecardExportColumns"/> names the columns.
/// </summary>
public sealed record ScorecardExportRow
{
    public required string KpiId { get; init; }

    public required string KpiLabel { get; init; }

    public required string Perspective { get; init; }

    public required string PeriodGrain { get; init; }

    public required DateOnly PeriodStart { get; init; }

    public required DateOnly PeriodEnd { get; init; }

    public required string Level { get; init; }

    public required string MemberId { get; init; }

    public double? Value { get; init; }

    public required string Unit { get; init; }

    /// <summary>ISO 4217 code of the value when <see cref="Unit"/> is currency (the mart's <c>Mart__Currency</c>), else null.</summary>
    public string? Currency { get; init; }

    public required string Direction { get; init; }

    public double? Target { get; init; }

    public double? AmberThreshold { get; init; }

    public double? RedThreshold { get; init; }

    public bool IsTargetOverridden { get; init; }

    public double? Score { get; init; }

    public string? Status { get; init; }

    public double? PreviousValue { get; init; }

    public double? ChangeFromPrevious { get; init; }

    public long? MemberRank { get; init; }

    public long? SampleSize { get; init; }

    public bool IsBelowMinSample { get; init; }

    public int DefinitionVersion { get; init; }
}
