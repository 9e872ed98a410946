namespace Scorecard.Pipeline.Mart;

/// <summary>Settings of a mart build (configuration section <c>Mart</c>).</summary>
public sealed class MartOptions
{
    public const string SectionName = "Mart";

    /// <summary>Local folder holding the lake (<c>&lt;source&gt;/&lt;dataset&gt;/extract_date=.../*.parquet</c>). Required by
    /// <see cref="MartBuilder"/>; <see cref="MartPublisher"/> sets it itself.</summary>
    public string LakeDirectory { get; set; } = "";

    /// <summary>Folder the mart is written to: <c>scorecard_mart.duckdb</c> and <c>&lt;table&gt;/data.parquet</c>. Required by
    /// <see cref="MartBuilder"/>; <see cref="MartPublisher"/> sets it itself.</summary>
    public string MartDirectory { get; set; } = "";

    /// <summary>Folder of the SQL models and <c>kpis.yml</c>. Default: the <c>sql</c> folder found walking up from the app's folder.</summary>
    public string? SqlDirectory { get; set; }

    /// <summary>KPI registry. Default: <c>&lt;SqlDirectory&gt;/kpis.yml</c>.</summary>
    public string? KpiRegistryPath { get; set; }

    /// <summary>Optional CSV of target overrides (kpi_id, period_grain, period_start, level, member_id, target,
    /// amber_threshold, red_threshold; empty cells match any). Default: none.</summary>
    public string? TargetsPath { get; set; }

    /// <summary>Service-level threshold T in seconds: answered within T counts as met. Default 20.</summary>
    public int ServiceLevelThresholdSeconds { get; set; } = 20;

    /// <summary>Abandons shorter than this many seconds are "short abandons". Default 5.</summary>
    public int ShortAbandonSeconds { get; set; } = 5;

    /// <summary>FCR window in days: a repeat inbound contact from the same customer within it means not resolved. Default 7.</summary>
    public int FcrWindowDays { get; set; } = 7;

    /// <summary>Length in minutes of the intervals of <c>marts.fct_queue_interval</c> and the staffing view: 15, 30 or 60. Default 30.</summary>
    public int IntervalMinutes { get; set; } = 30;

    /// <summary>The centre's time zone (IANA id such as <c>Europe/Zurich</c>): intervals are the centre's local half-hours
    /// (or quarter-hours, hours). Dates of the KPIs stay the UTC dates of the contract. Default <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Shrinkage for staffing, a fraction: the share of scheduled paid time not available for contacts (breaks,
    /// training, meetings, absence). Required agents from Erlang C are divided by (1 − shrinkage) to compare with the
    /// scheduled agents. Default 0.30, the common planning default (20-35% is typical).</summary>
    public double Shrinkage { get; set; } = Workforce.ErlangC.DefaultShrinkage;

    /// <summary>ISO 4217 code of the currency the mart's money is in (sales amounts, agents' hourly cost, and so the money
    /// KPIs revenue per successful call and cost per call). It is recorded in <c>scorecard.dim_kpi.currency</c> and shown
    /// beside money in every export; a data test fails the build when a sale or an agent's cost is in another currency.
    /// Default <c>EUR</c> (what the sample generator writes).</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>Fail the build (and keep the previous mart) when a data test fails. Default true.</summary>
    public bool FailOnDataTestFailure { get; set; } = true;

    /// <summary>Keep the staging and intermediate tables in the published database (to inspect a build). They are
    /// working data, about the size of the lake, so by default they live in memory during the build and the published
    /// mart holds the marts and scorecard tables only. Default false.</summary>
    public bool KeepViews { get; set; }

    /// <summary>Rebuild every table from the lake even when an incremental build is possible (<c>scorecard build --full</c>).
    /// Default false: a build after new or corrected extracts recomputes only the dates and periods they affect.</summary>
    public bool FullRebuild { get; set; }

    /// <summary>DuckDB's memory limit in MiB; beyond it DuckDB spills to <see cref="TempDirectory"/>. Default 0:
    /// <see cref="MemoryLimitShare"/> of <see cref="InstanceMemoryMb"/>, leaving the rest to what DuckDB's limit does not
    /// cover (the .NET runtime and heap, DuckDB's own code and per-thread state, the Parquet writer's buffers).</summary>
    public int MemoryLimitMb { get; set; }

    /// <summary>Memory of the instance the build runs on, in MiB. The function app's Bicep sets it to the Flex
    /// Consumption plan's <c>instanceMemoryMB</c> (app setting <c>Mart__InstanceMemoryMb</c>). Default 0: the memory
    /// .NET sees as available to the process (the container's cgroup limit, or the machine's).</summary>
    public int InstanceMemoryMb { get; set; }

    /// <summary>The share of the instance's memory DuckDB's limit takes when <see cref="MemoryLimitMb"/> is 0.</summary>
    public const double MemoryLimitShare = 0.5;

    /// <summary>Folder under which each build gets its own folder DuckDB spills to when it needs more than <see cref="MemoryLimitMb"/> (deleted after the build). Default: a
    /// <c>scorecard-duckdb</c> folder under the system temp folder.</summary>
    public string? TempDirectory { get; set; }

    /// <summary>The memory limit in effect: <see cref="MemoryLimitMb"/>, or <see cref="MemoryLimitShare"/> of the instance's memory.</summary>
    public int EffectiveMemoryLimitMb =>
        MemoryLimitMb > 0 ? MemoryLimitMb : (int)Math.Max(256, EffectiveInstanceMemoryMb * MemoryLimitShare);

    /// <summary><see cref="InstanceMemoryMb"/>, or the memory available to the process.</summary>
    public int EffectiveInstanceMemoryMb =>
        InstanceMemoryMb > 0 ? InstanceMemoryMb : (int)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024));

    /// <summary>How long a build waits for the store's build lock (another build of the same store) before giving up. Default 30 s.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// These settings with the lake and mart folders of one build. <see cref="MartPublisher"/> chooses the folders
    /// (the store's own, or staged on local disk), so its callers set only the settings.
    /// </summary>
    public MartOptions ForFolders(string lakeDirectory, string martDirectory)
    {
        var copy = (MartOptions)MemberwiseClone();
        copy.LakeDirectory = lakeDirectory;
        copy.MartDirectory = martDirectory;
        return copy;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting, folders included (for <see cref="MartBuilder"/>).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(LakeDirectory))
        {
            throw new ArgumentException($"{SectionName}:{nameof(LakeDirectory)} is required.");
        }

        if (string.IsNullOrWhiteSpace(MartDirectory))
        {
            throw new ArgumentException($"{SectionName}:{nameof(MartDirectory)} is required.");
        }

        ValidateSettings();
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting other than the folders
    /// (for <see cref="MartPublisher"/>, which chooses the folders itself).</summary>
    public void ValidateSettings()
    {
        if (ServiceLevelThresholdSeconds <= 0 || ShortAbandonSeconds < 0 || FcrWindowDays <= 0)
        {
            throw new ArgumentException(
                $"{SectionName}: thresholds must be positive (service level {ServiceLevelThresholdSeconds} s, short abandon {ShortAbandonSeconds} s, FCR window {FcrWindowDays} days).");
        }

        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"{SectionName}:{nameof(Currency)} must be an ISO 4217 code of three capital letters such as EUR or USD, not '{Currency}'.");
        }

        if (InstanceMemoryMb < 0)
        {
            throw new ArgumentException($"{SectionName}:{nameof(InstanceMemoryMb)} must be 0 (the memory the process sees) or a number of MiB, not {InstanceMemoryMb}.");
        }

        if (IntervalMinutes is not (15 or 30 or 60))
        {
            throw new ArgumentException($"{SectionName}:{nameof(IntervalMinutes)} must be 15, 30 or 60, not {IntervalMinutes}.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            throw new ArgumentException($"{SectionName}:{nameof(TimeZone)} must be an IANA time zone id such as Europe/Zurich or UTC, not '{TimeZone}'.");
        }

        if (!(Shrinkage >= 0 && Shrinkage < 1))
        {
            throw new ArgumentException($"{SectionName}:{nameof(Shrinkage)} must be a fraction from 0 to below 1 (0.3 for 30%), not {Shrinkage}.");
        }

        if (MemoryLimitMb < 0)
        {
            throw new ArgumentException($"{SectionName}:{nameof(MemoryLimitMb)} must be 0 (half the machine) or a number of MiB, not {MemoryLimitMb}.");
        }

        if (TargetsPath is not null && !File.Exists(TargetsPath))
        {
            throw new ArgumentException($"{SectionName}:{nameof(TargetsPath)} '{TargetsPath}' does not exist.");
        }
    }
}
