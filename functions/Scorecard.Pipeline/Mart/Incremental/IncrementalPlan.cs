namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Whether a build is incremental and why: an incremental build starts from the previous mart database and
/// replaces only the partitions of incremental models that the lake partitions changed since then affect.
/// </summary>
internal sealed record IncrementalPlan(
    bool IsIncremental,
    string Reason,
    IReadOnlyList<LakeFile> PreviousFiles,
    IReadOnlyList<LakeFile> CurrentFiles)
{
    /// <summary>The partition columns of a model replaced by KPI period rather than by date.</summary>
    public static IReadOnlyList<string> PeriodPartition { get; } = ["period_grain", "period_start"];

    /// <summary>The partition columns of a model replaced per KPI and period: each KPI only for the periods its source changed in.</summary>
    public static IReadOnlyList<string> KpiPeriodPartition { get; } = ["kpi_id", "period_grain", "period_start"];

    public static IncrementalPlan Full(string reason, IReadOnlyList<LakeFile> currentFiles) => new(false, reason, [], currentFiles);

    /// <summary>Lake partitions (<c>source/dataset/extract_date=day</c>) whose files differ from the previous build's.</summary>
    public IReadOnlyList<string> ChangedPartitions { get; } = ChangedPartitionsOf(PreviousFiles, CurrentFiles);

    /// <summary>The changed partitions of one dataset (<c>source/dataset</c>).</summary>
    public IReadOnlyList<string> ChangedPartitionsOf(string dataset) =>
        ChangedPartitions.Where(p => p.StartsWith(dataset + "/", StringComparison.Ordinal)).ToList();

    private static List<string> ChangedPartitionsOf(IReadOnlyList<LakeFile> previous, IReadOnlyList<LakeFile> current)
    {
        var before = previous.ToHashSet();
        var after = current.ToHashSet();
        return before.Except(after).Concat(after.Except(before))
            .Select(f => f.Partition)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
