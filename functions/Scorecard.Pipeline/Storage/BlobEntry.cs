namespace Scorecard.Pipeline.Storage;

/// <summary>One blob: where it is, how big, when it last changed, and an opaque version (ETag, or size+mtime locally).</summary>
public sealed record BlobEntry(string Container, string Path, long Size, DateTimeOffset LastModified, string Version);
