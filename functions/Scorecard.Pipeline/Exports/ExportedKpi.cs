namespace Scorecard.Pipeline.Exports;

/// <summary>
/// A KPI as the registry (<c>scorecard.dim_kpi</c>) describes it: what the definitions appendix lists.
/// <see cref="Currency"/> is the mart's ISO 4217 currency on a KPI whose unit is currency, null on the others.
/// </summary>
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
    int Version,
    string? Currency = null);
