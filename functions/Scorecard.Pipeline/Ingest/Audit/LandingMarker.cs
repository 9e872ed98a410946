namespace Scorecard.Pipeline.Ingest;

/// <summary>Remembers that a landing blob at one version was processed, so a scan of <c>landing/</c> skips it unread.</summary>
internal sealed record LandingMarker(string LandingVersion, IngestStatus Status, string ExtractId, DateTimeOffset ProcessedAt);
