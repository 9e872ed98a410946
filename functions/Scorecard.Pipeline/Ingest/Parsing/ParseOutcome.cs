namespace Scorecard.Pipeline.Ingest;

/// <summary>What parsing one extract produced. <c>RowsRead = RowsWritten + RowsQuarantined</c>, always.
/// <c>RowGroupBuffers</c> is how many row groups of column buffers parsing held at once (the memory bound).</summary>
internal sealed record ParseOutcome(
    long RowsRead,
    long RowsWritten,
    long RowsQuarantined,
    long BlankLines,
    IReadOnlyList<string> UnknownColumns,
    IReadOnlyList<string> MissingOptionalColumns,
    int RowGroupBuffers);
