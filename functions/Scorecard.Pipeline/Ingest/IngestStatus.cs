namespace Scorecard.Pipeline.Ingest;

public enum IngestStatus
{
    /// <summary>Validated and written to the lake (bad rows to quarantine); replaces any earlier extract of the day.</summary>
    Ingested,

    /// <summary>Same bytes as the extract already current for this dataset and date: nothing changed.</summary>
    Unchanged,

    /// <summary>This landing blob, at this version, was ingested before: not even read.</summary>
    AlreadyIngested,

    /// <summary>Rejected whole with a reason; nothing reached the lake, the earlier extract (if any) stays.</summary>
    Rejected,
}
