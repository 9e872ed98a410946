namespace Scorecard.Pipeline.Ingest;

/// <summary>Progress of one extract: rows read so far and bytes of the blob read out of <see cref="TotalBytes"/>.</summary>
public readonly record struct IngestProgress(string LandingPath, long RowsRead, long BytesRead, long TotalBytes);
