namespace Scorecard.Pipeline.Mart;

/// <summary>A KPI's formula does not run against its source. The message names the registry file, the KPI and DuckDB's error.</summary>
public sealed class KpiCheckException(string registryPath, string kpiId, string duckDbError, Exception inner)
    : Exception($"{Path.GetFileName(registryPath)}: KPI '{kpiId}': numerator, denominator or sample does not run: {duckDbError}", inner)
{
    public string KpiId { get; } = kpiId;
}
