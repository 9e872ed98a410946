namespace Scorecard.Pipeline.Mart;

/// <summary>What a mart build did: the models built (with row counts and durations), every data test result,
/// the tables exported as Parquet, where the mart is, and whether the build was full or incremental and why.</summary>
public sealed record BuildReport(
    string DatabasePath,
    IReadOnlyList<ModelRunResult> Models,
    IReadOnlyList<DataTestResult> Tests,
    IReadOnlyList<string> ExportedTables,
    TimeSpan Duration)
{
    public IReadOnlyList<DataTestResult> FailedTests => Tests.Where(t => !t.Passed).ToList();

    public int PassedTestCount => Tests.Count(t => t.Passed);

    public bool Succeeded => FailedTests.Count == 0;

    /// <summary>True when the build started from the previous mart and replaced only affected partitions.</summary>
    public bool IsIncremental { get; init; }

    /// <summary>Why the build was full or incremental (what changed, or what forced a full rebuild).</summary>
    public string ModeReason { get; init; } = "";

    /// <summary>The contact dates an incremental build recomputed.</summary>
    public IReadOnlyList<DateOnly> AffectedDates { get; init; } = [];

    /// <summary>Contacts an incremental build recomputed (on <see cref="AffectedDates"/>; the others there were kept).</summary>
    public long AffectedContacts { get; init; }

    /// <summary>The KPI periods (day, week, month) an incremental build recomputed.</summary>
    public long AffectedPeriods { get; init; }

    /// <summary>The KPI values by period (KPI, grain, start) an incremental build recomputed: each KPI only for the
    /// periods its own source changed in.</summary>
    public long AffectedKpiPeriods { get; init; }

    /// <summary>Incremental staging models an incremental build staged from the changed lake partitions and the
    /// previous mart (the others it staged from the whole lake).</summary>
    public IReadOnlyList<string> StagedFromChanges { get; init; } = [];

    /// <summary><see cref="AffectedDates"/> as runs of consecutive days (<c>2026-10-01..2026-10-04</c>).</summary>
    public IReadOnlyList<string> AffectedDateRanges
    {
        get
        {
            var ranges = new List<string>();
            for (int i = 0; i < AffectedDates.Count;)
            {
                int j = i;
                while (j + 1 < AffectedDates.Count && AffectedDates[j + 1] == AffectedDates[j].AddDays(1))
                {
                    j++;
                }

                string first = AffectedDates[i].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                ranges.Add(i == j ? first : $"{first}..{AffectedDates[j].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}");
                i = j + 1;
            }

            return ranges;
        }
    }

    public TimeSpan ModelsDuration { get; init; }

    public TimeSpan DataTestsDuration { get; init; }

    public TimeSpan ExportDuration { get; init; }

    /// <summary>Parquet files this build wrote, relative to the mart folder (only the partitions whose rows changed).</summary>
    public IReadOnlyList<string> WrittenFiles { get; init; } = [];

    /// <summary>Parquet files of partitions and tables that are gone, deleted by this build.</summary>
    public IReadOnlyList<string> DeletedFiles { get; init; } = [];

    /// <summary>Every Parquet file of the mart after this build, relative to the mart folder.</summary>
    public IReadOnlyList<string> PublishedFiles { get; init; } = [];

    /// <summary>Time, CPU, peak memory and store bytes of each phase (previous mart copied, models, data tests, parquet, database).</summary>
    public IReadOnlyList<BuildPhase> Phases { get; init; } = [];
}
