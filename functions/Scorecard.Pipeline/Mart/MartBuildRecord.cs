namespace Scorecard.Pipeline.Mart;

/// <summary>The last mart build of a store (<c>state/builds/last.json</c>): when, how long, whether it passed, and the
/// scorecard exports it wrote (or why it could not).</summary>
public sealed record MartBuildRecord(
    DateTimeOffset StartedAt,
    long DurationMs,
    bool Succeeded,
    string? Error,
    int ModelsRun,
    int DataTestsPassed,
    IReadOnlyList<string> DataTestsFailed,
    string MartLocation,
    IReadOnlyList<string>? Exports = null,
    string? ExportError = null);
