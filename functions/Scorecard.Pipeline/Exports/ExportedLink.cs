namespace Scorecard.Pipeline.Exports;

/// <summary>A strategy-map edge from <c>scorecard.dim_kpi_link</c>: the hypothesis and the evidence measured for it.</summary>
public sealed record ExportedLink(
    string CauseKpiId,
    string EffectKpiId,
    int ExpectedSign,
    string Rationale,
    double? Correlation,
    long ObservationCount,
    string? EvidencePeriodGrain,
    string? EvidenceLevel,
    bool? IsSignAsExpected);
