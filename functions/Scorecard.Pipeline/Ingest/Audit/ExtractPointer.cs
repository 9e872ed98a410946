namespace Scorecard.Pipeline.Ingest;

/// <summary>The extract currently in the lake for one dataset and date (<c>state/extracts/&lt;source&gt;/&lt;dataset&gt;/&lt;date&gt;.json</c>).</summary>
internal sealed record ExtractPointer(string ExtractId, string ContentHash, string LandingPath, DateTimeOffset IngestedAt);
