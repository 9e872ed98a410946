namespace Scorecard.Pipeline.Ingest;

/// <summary>What parsing one extract produced. <c>RowsRead = RowsWritten + RowsQuarantined</c>, always.</summary>
internal sealed record ParseOutcome(
    long RowsRead,
    long RowsWritten,
    long RowsQuarantined,
    long BlankLines,
    IReadOnlyList<string> UnknownColumns,
    IReadOnlyList<string> MissingOptionalColumns);
