namespace Scorecard.Pipeline.Ingest;

/// <summary>What a mapped extract adds to its audit record, and the column of its contract CSV that carries the
/// source file's row numbers.</summary>
internal sealed record MappedAudit(string Mapping, string SourceRowField, long SourceRows, IReadOnlyDictionary<string, long> RowsDropped, long Problems);
