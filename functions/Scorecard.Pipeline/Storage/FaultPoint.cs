using System.Globalization;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// Test-only crash hooks at named publication steps. Off unless the environment variable
/// <c>SCORECARD_FAULT_KILL_AFTER</c> names a step (<see cref="Steps"/>), optionally with <c>@n</c> for its n-th time in
/// this process (default the first); then the process ends on the spot with <see cref="Environment.FailFast(string)"/>,
/// like a power cut: no <c>finally</c>, no flush, no clean-up. The crash-safety tests run the CLI with it set and check
/// what a restart finds. Unset, each hook is one comparison against null.
/// </summary>
public static class FaultPoint
{
    public const string Variable = "SCORECARD_FAULT_KILL_AFTER";

    /// <summary>Ingest: the extract's row groups are in the local Parquet file, its footer is not written yet.</summary>
    public const string IngestMidParquet = "ingest-mid-parquet";

    /// <summary>Ingest: the new extract's Parquet (and quarantine CSV) are in the store, nothing else.</summary>
    public const string IngestAfterLakeUpload = "ingest-after-lake-upload";

    /// <summary>Ingest: the audit record is written, the dataset/date pointer still names the previous extract.</summary>
    public const string IngestAfterAudit = "ingest-after-audit";

    /// <summary>Ingest: the pointer names the new extract; the extracts it replaces are still in the lake.</summary>
    public const string IngestAfterPointer = "ingest-after-pointer";

    /// <summary>Ingest: replaced extracts are deleted; the landing marker is not written yet.</summary>
    public const string IngestAfterCleanup = "ingest-after-cleanup";

    /// <summary>Local store: a write's temporary file under <c>.tmp/</c> is complete, not yet renamed into place.</summary>
    public const string StoreBeforeRename = "store-before-rename";

    /// <summary>Build: the first mart table is exported to its temporary Parquet name, others not yet.</summary>
    public const string MartMidExport = "mart-mid-export";

    /// <summary>Build: new Parquet files are in place, <c>scorecard_mart.duckdb</c> is not yet swapped.</summary>
    public const string MartBeforeDatabaseSwap = "mart-before-database-swap";

    /// <summary>Build on a blob store: the first mart file is uploaded to the <c>mart</c> container, others not yet.</summary>
    public const string MartMidPublish = "mart-mid-publish";

    /// <summary>Build: the mart is published; exports and <c>state/builds/last.json</c> are not written yet.</summary>
    public const string MartBeforeBuildRecord = "mart-before-build-record";

    public static readonly IReadOnlyList<string> Steps =
    [
        IngestMidParquet, IngestAfterLakeUpload, IngestAfterAudit, IngestAfterPointer, IngestAfterCleanup,
        StoreBeforeRename, MartMidExport, MartBeforeDatabaseSwap, MartMidPublish, MartBeforeBuildRecord,
    ];

    private static readonly (string Step, int Occurrence)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _hits;

    /// <summary>Marks that <paramref name="step"/> has just completed; ends the process when it is the armed one.</summary>
    public static void Reached(string step)
    {
        if (Target is not { } target || !string.Equals(target.Step, step, StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Increment(ref _hits) == target.Occurrence)
        {
            Environment.FailFast($"{Variable}={step}@{target.Occurrence}: killed on purpose (crash-safety test)");
        }
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string[] parts = value.Trim().Split('@');
        int occurrence = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
        if (!Steps.Contains(parts[0]) || occurrence < 1)
        {
            throw new ArgumentException($"{Variable}='{value}': expected one of {string.Join(", ", Steps)}, optionally '@<n>' with n >= 1.");
        }

        return (parts[0], occurrence);
    }
}
