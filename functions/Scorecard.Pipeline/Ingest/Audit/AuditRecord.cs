namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// One record per extract ingested or rejected, kept in <c>state/audit/&lt;source&gt;/&lt;dataset&gt;/&lt;date&gt;/</c>.
/// For an ingested extract, <c>RowsRead = RowsWritten + RowsQuarantined</c>.
/// </summary>
public sealed record AuditRecord
{
    public required string ExtractId { get; init; }

    public required IngestStatus Status { get; init; }

    public string? Dataset { get; init; }

    public string? ExtractDate { get; init; }

    public required string LandingPath { get; init; }

    public string? LandingVersion { get; init; }

    public string? ContentHash { get; init; }

    public long Bytes { get; init; }

    public long RowsRead { get; init; }

    public long RowsWritten { get; init; }

    public long RowsQuarantined { get; init; }

    public long BlankLines { get; init; }

    public IReadOnlyList<string> UnknownColumns { get; init; } = [];

    public IReadOnlyList<string> MissingOptionalColumns { get; init; } = [];

    public string? Reason { get; init; }

    public string? LakePath { get; init; }

    public string? QuarantinePath { get; init; }

    public IReadOnlyList<string> ReplacedExtractIds { get; init; } = [];

    public int SchemaVersion { get; init; } = DatasetContract.SchemaVersion;

    public required DateTimeOffset StartedAt { get; init; }

    public long DurationMs { get; init; }

    /// <summary>The source mapping that turned a real-world export into this dataset's rows (null for a contract extract).</summary>
    public string? Mapping { get; init; }

    /// <summary>Mapped extracts: rows (or JSON records) in the source file. <c>SourceRows = RowsRead + sum(RowsDropped)</c>.</summary>
    public long? SourceRows { get; init; }

    /// <summary>Mapped extracts: source rows left out of this dataset, counted by the mapping's reason.</summary>
    public IReadOnlyDictionary<string, long>? RowsDropped { get; init; }

    /// <summary>Mapped extracts: values the mapping could not convert (those rows are in quarantine).</summary>
    public long? MappingProblems { get; init; }
}
