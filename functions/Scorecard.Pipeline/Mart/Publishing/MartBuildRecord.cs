namespace Scorecard.Pipeline.Mart;

/// <summary>The last mart build of a store (<c>state/builds/last.json</c>): when, how long, whether it passed, the
/// scorecard exports it wrote (or why it could not), and whether it was a full or an incremental build, why, and which
/// contact dates (runs of days) and how many KPI periods it recomputed.</summary>
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
    string? ExportError = null,
    string? BuildMode = null,
    string? BuildModeReason = null,
    IReadOnlyList<string>? AffectedDates = null,
    long AffectedPeriods = 0);
