namespace Scorecard.Pipeline.Ingest;

/// <summary>An extract that cannot be ingested at all (bad name, empty, not CSV, missing required columns, malformed
/// quoting). Nothing of it reaches the lake; the reason is recorded in the audit.</summary>
public sealed class RejectedExtractException(string reason) : Exception(reason)
{
    public string Reason => Message;
}
