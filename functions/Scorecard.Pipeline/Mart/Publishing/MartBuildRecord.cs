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
    long AffectedPeriods = 0)
{
    /// <summary>Time, CPU, peak memory and store bytes of each phase of the build (lake staged, models, data tests,
    /// parquet, upload, ...).</summary>
    public IReadOnlyList<BuildPhase> Phases { get; init; } = [];

    /// <summary>The Parquet files the build wrote (only the partitions whose rows changed), relative to the mart folder.</summary>
    public IReadOnlyList<string> ParquetWritten { get; init; } = [];
}
