namespace Scorecard.Pipeline.Exports;

/// <summary>A KPI as the registry (<c>scorecard.dim_kpi</c>) describes it: what the definitions appendix lists.</summary>
public sealed record ExportedKpi(
    string KpiId,
    string Label,
    string Perspective,
    string Definition,
    string Unit,
    string Direction,
    double? Target,
    double? AmberThreshold,
    double? RedThreshold,
    double Weight,
    int Version);
