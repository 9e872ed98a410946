namespace Scorecard.Pipeline.Ingest;

/// <summary>The outcome of ingesting one landing blob.</summary>
public sealed record IngestResult(IngestStatus Status, string LandingPath, string? ExtractId, AuditRecord? Audit, string Message);
