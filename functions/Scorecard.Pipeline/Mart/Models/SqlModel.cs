namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One SQL model: <c>sql/&lt;schema&gt;/.../&lt;name&gt;.sql</c> becomes the relation <c>schema.name</c>.
/// <see cref="Sql"/> is the text the runner executes (placeholders already expanded).
/// </summary>
internal sealed record SqlModel(string Schema, string Name, string FilePath, string Sql)
{
    public const string View = "view";
    public const string Table = "table";
    public const string Incremental = "incremental";

    /// <summary><c>schema.name</c>, as other models reference it.</summary>
    public string Relation => $"{Schema}.{Name}";

    /// <summary>
    /// How the model is built: <c>view</c>, <c>table</c> or <c>incremental</c> (a table whose affected partitions
    /// an incremental build deletes and inserts again). Default <c>table</c>, so each model is computed once per build
    /// however many models and data tests read it; the model's YAML may say otherwise (<c>materialized: incremental</c>).
    /// </summary>
    public string Materialized { get; init; } = Table;

    /// <summary>For an incremental model, the columns its partitions are replaced by: one date column
    /// (<c>contact_date</c>), or <c>period_grain, period_start</c> for KPI periods.</summary>
    public IReadOnlyList<string> PartitionBy { get; init; } = [];

    public bool IsView => Materialized == View;

    public bool IsIncremental => Materialized == Incremental;

    /// <summary>Relations (<c>schema.name</c>) this model reads, found from its SQL.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The model file path relative to the SQL root, with forward slashes, for messages.</summary>
    public string DisplayPath { get; init; } = FilePath;

    /// <summary>The model's SQL with sources expanded (<see cref="LakeSources"/>) and the build's placeholders not yet.</summary>
    public string Text { get; init; } = "";

    /// <summary>The SQL reads the incremental build scope (a <c>{{incremental_scope:...}}</c> placeholder).</summary>
    public bool UsesScope { get; init; }

    /// <summary>For an incremental model partitioned by a date column, which dates an incremental build replaces
    /// (<c>incremental_scope</c>): <c>contacts</c> (the default, <see cref="IncrementalScope.Dates"/>), <c>contact_rows</c>
    /// (<see cref="IncrementalScope.RowDates"/>), <c>telephony_rows</c> (<see cref="IncrementalScope.TelephonyDates"/>) or
    /// <c>workforce</c>
    /// (<see cref="IncrementalScope.WorkforceDates"/>).</summary>
    public string DateScope { get; init; } = "contacts";

    /// <summary>For an incremental staging model, the column (or comma-separated columns) that identify a row (<c>unique_key</c>).</summary>
    public string? UniqueKey { get; init; }

    /// <summary>The columns of <see cref="UniqueKey"/> (<c>unique_key: [agent_id, changed_at]</c> is two); empty without one.</summary>
    public IReadOnlyList<string> UniqueKeyColumns => UniqueKey?.Split(',', StringSplitOptions.TrimEntries) ?? [];

    /// <summary>For an incremental staging model, the mart table holding every staged column of each row as the
    /// previous build kept it (<c>previous</c>: a marts table, or the model's own kept copy): an incremental build reads only the changed lake partitions and takes
    /// the other rows from there.</summary>
    public string? PreviousRelation { get; init; }

    /// <summary>True for an incremental staging model whose previous rows are its own table, which every build keeps in
    /// the mart file (<see cref="ModelCatalog.KeptStagingSchema"/>).</summary>
    public bool IsKeptStaging => PreviousRelation?.StartsWith(ModelCatalog.KeptStagingSchema + ".", StringComparison.Ordinal) == true;

    /// <summary>For a published table, the partition its Parquet files are split by (<c>publish_partition_by</c>), or null
    /// for one <c>data.parquet</c>: a build rewrites only the partitions whose rows changed.</summary>
    public PublishedPartition? PublishPartition { get; init; }

    /// <summary>
    /// For an incremental model with partitions of its own (<c>incremental_scope: changed_rows | kpi_periods_and_next</c> in
    /// its YAML), how the build finds them:
    /// <see cref="IncrementalScope.ChangedRows"/> (a fact over an incremental staging model: the dates of the rows whose
    /// staged row, contact or agent changed) or <see cref="IncrementalScope.KpiPeriodsAndNext"/> (the KPI periods
    /// recomputed and the period after each). Null: the build's shared scope (contact dates or KPI periods).
    /// </summary>
    public string? Scope { get; init; }

    /// <summary>A published table split into partitions: it lives in its Parquet files, the database holds a view of them
    /// (see <see cref="ModelRunner"/>), so the database stays small and a build rewrites only the partitions that changed.</summary>
    public bool IsParquetResident => PublishPartition is not null && !IsView;

    /// <summary>True for a staging model an incremental build stages from the changed lake partitions and the previous mart.</summary>
    public bool IsIncrementalStaging => IsIncremental && UniqueKey is not null && PreviousRelation is not null;
}
