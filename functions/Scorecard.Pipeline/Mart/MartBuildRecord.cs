namespace Scorecard.Pipeline.Mart;

/// <summary>The last mart build of a store (<c>state/builds/last.json</c>): when, how long, and whether it passed.</summary>
public sealed record MartBuildRecord(
    DateTimeOffset StartedAt,
    long DurationMs,
    bool Succeeded,
    string? Error,
    int ModelsRun,
    int DataTestsPassed,
    IReadOnlyList<string> DataTestsFailed,
    string MartLocation);
