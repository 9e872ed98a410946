namespace Scorecard.Pipeline.Ingest;

/// <summary>What a mapped extract adds to its audit record: the mapping, the rows of the source file, the source rows
/// left out of this dataset by reason, and the values the mapping could not convert.</summary>
internal sealed record MappedAudit(string Mapping, long SourceRows, IReadOnlyDictionary<string, long> RowsDropped, long Problems);
