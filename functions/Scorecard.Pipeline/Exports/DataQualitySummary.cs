namespace Scorecard.Pipeline.Exports;

/// <summary>
/// How fresh and complete the data behind an export is: extracts ingested and rejected and rows quarantined (from
/// the audit records in <c>state/audit/</c>), and the latest day with KPI values in the mart.
/// </summary>
public sealed record DataQualitySummary
{
    public int ExtractsIngested { get; init; }

    public int ExtractsRejected { get; init; }

    public long RowsWritten { get; init; }

    public long RowsQuarantined { get; init; }

    public DateOnly? LatestExtractDate { get; init; }

    public DateOnly? LatestDataDate { get; init; }

    /// <summary>False when no audit records were read (an export straight from a mart folder).</summary>
    public bool HasAudit { get; init; }
}
