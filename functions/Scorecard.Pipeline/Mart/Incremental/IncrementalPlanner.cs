using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Decides whether a build can be incremental and works out its scope.
/// <para>
/// What changed is read from the lake itself: every mart records the lake files it was built from
/// (<c>build_meta.lake_files</c>: path and size; a lake file is never rewritten under its name) and a hash of each part
/// of its definition (<c>build_meta.definition</c>: SQL and YAML under <c>sql/</c>, the KPI registry and the SQL
/// generated from it, the targets file, the build settings). A lake partition whose files differ is changed: a new
/// day, or a corrected re-delivery of an earlier day. This works the same for a local store and for a lake staged
/// from blob storage, and cannot disagree with the database it describes.
/// </para>
/// <para>
/// The scope, filled just before the first model that needs it:
/// contact dates = dates of the contacts in changed telephony partitions (new and replaced rows), of contacts whose
/// case flags or sales changed, and of contacts whose agent's team or site on the day changed in <c>dim_agent</c>;
/// each widened back by the FCR window (a repeat contact settles the contacts up to N days before it), plus the days
/// whose FCR window the end of the data now covers. KPI periods, per KPI source = the day, ISO week and month of every
/// contact date (for the contacts source) or of every date of a row that differs between the previous and the new
/// version of the source table (other sources are small and rebuilt whole, then compared); each KPI is recomputed for
/// its own source's periods only.
/// </para>
/// <para>
/// Its parts, one file each: the contact scope (<c>IncrementalPlanner.Contacts.cs</c>), incremental staging
/// (<c>.Staging.cs</c>), the workforce dates (<c>.Workforce.cs</c>), the KPI periods (<c>.Periods.cs</c>) and a fact's
/// own changed partitions (<c>.ChangedRows.cs</c>); this file decides full or incremental and holds what they share.
/// </para>
/// </summary>
internal sealed partial class IncrementalPlanner(DuckDBConnection connection, IncrementalPlan plan, string lakeRoot, KpiRegistry registry,
    IReadOnlyList<SqlModel> models, int fcrWindowDays, IProgress<string>? progress = null, bool materializeStaging = false)
{
    public const string PreviousCatalog = "previous";
    public const string MetaSchema = "build_meta";

    private readonly HashSet<string> _built = new(StringComparer.OrdinalIgnoreCase);
    // Set by the step filling the part, on the build's connection, as it starts; read by the scheduler's thread.
    private volatile bool _dates;
    private volatile bool _periods;
    private volatile bool _workforce;

    /// <summary>Contact dates recomputed (empty before the scope is worked out).</summary>
    public IReadOnlyList<DateOnly> AffectedDates { get; private set; } = [];

    private List<DateOnly> _lookahead = [];
    private List<DateOnly> _rowDates = [];
    private volatile bool _telephony;
    private List<DateOnly> _telephonyDates = [];

    // The period starts of the KPI periods recomputed and of those the scorecard reads (null until worked out).
    private List<DateOnly>? _periodStarts;
    private List<DateOnly>? _aroundStarts;

    /// <summary>
    /// A model's SQL with the scope's dates written out as literals once they are known: DuckDB pushes a constant list
    /// into every scan below it (through the staging views and into the previous build's Parquet, read only for those
    /// dates), where a subquery over the scope table would be joined after reading every row of the history.
    /// </summary>
    public string BindScope(string sql)
    {
        if (_telephony)
        {
            sql = sql.Replace($"in (select date_day from {IncrementalScope.TelephonyDates})", $"in ({DateList(_telephonyDates)})", StringComparison.Ordinal);
        }

        if (_periodStarts is not null)
        {
            sql = sql.Replace(IncrementalScope.PeriodStartsOf(IncrementalScope.Periods), $"in ({DateList(_periodStarts)})", StringComparison.Ordinal);
        }

        if (_aroundStarts is not null)
        {
            sql = sql.Replace(IncrementalScope.PeriodStartsOf(IncrementalScope.KpiPeriodsAround), $"in ({DateList(_aroundStarts)})", StringComparison.Ordinal);
        }

        if (!_dates)
        {
            return sql;
        }

        return sql
            .Replace($"in (select date_day from {IncrementalScope.Dates})", $"in ({DateList(AffectedDates)})", StringComparison.Ordinal)
            .Replace($"in (select date_day from {IncrementalScope.LookaheadDates})", $"in ({DateList(_lookahead)})", StringComparison.Ordinal)
            .Replace($"in (select date_day from {IncrementalScope.RowDates})", $"in ({DateList(_rowDates)})", StringComparison.Ordinal);
    }

    private static string DateList(IReadOnlyList<DateOnly> dates) =>
        dates.Count == 0 ? "select null::date where false" : string.Join(", ", dates.Select(d => "date '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'"));

    /// <summary>Contacts whose FCR is recomputed (<c>build_scope.contacts</c>); their own rows are recomputed only when
    /// they changed (<c>build_scope.row_contacts</c>).</summary>
    public long AffectedContacts { get; private set; }

    /// <summary>KPI periods recomputed for at least one KPI.</summary>
    public long AffectedPeriods { get; private set; }

    /// <summary>Incremental staging models staged from the changed partitions and the previous mart.</summary>
    public List<string> StagedFromChanges { get; } = [];

    /// <summary>KPI values (KPI and period) recomputed.</summary>
    public long AffectedKpiPeriods { get; private set; }

    /// <summary>The parts of a build's definition, each hashed: a change in any makes the next build a full one.</summary>
    public static IReadOnlyDictionary<string, string> DefinitionHashes(string sqlRoot, KpiRegistry registry, MartOptions options)
    {
        var sql = new StringBuilder();
        foreach (string file in Directory.EnumerateFiles(sqlRoot, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".sql", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            sql.Append(Path.GetRelativePath(sqlRoot, file).Replace('\\', '/')).Append('\n').Append(File.ReadAllText(file)).Append('\0');
        }

        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["sql models"] = Hash(sql.ToString()),
            ["KPI registry"] = Hash(File.ReadAllText(registry.Path) + "\0" + KpiSqlGenerator.Generate(registry)
                + string.Concat(KpiSqlGenerator.DayTermQueries(registry).Select(q => "\0" + q.Query))),
            ["targets file"] = Hash(options.TargetsPath is null ? "none" : File.ReadAllText(options.TargetsPath)),
            ["build settings"] = Hash(string.Create(CultureInfo.InvariantCulture,
                $"{options.ServiceLevelThresholdSeconds}/{options.ShortAbandonSeconds}/{options.FcrWindowDays}/{options.IntervalMinutes}/{options.TimeZone}/{options.Shrinkage}/incremental-3")),
        };
    }

    /// <summary>Full or incremental, and why, from the previous mart at <paramref name="databasePath"/>.</summary>
    public static IncrementalPlan Decide(MartOptions options, string databasePath, IReadOnlyDictionary<string, string> definition, IReadOnlyList<LakeFile> lake)
    {
        if (options.FullRebuild)
        {
            return IncrementalPlan.Full("a full rebuild was asked for (--full)", lake);
        }

        if (!File.Exists(databasePath))
        {
            return IncrementalPlan.Full("there is no previous mart", lake);
        }

        if (File.Exists(Path.Combine(Path.GetDirectoryName(databasePath)!, MartBuilder.PublishingMarker)))
        {
            return IncrementalPlan.Full("the previous build was cut off while publishing (its Parquet may be ahead of its database)", lake);
        }

        var previousDefinition = new Dictionary<string, string>(StringComparer.Ordinal);
        var previousFiles = new List<LakeFile>();
        try
        {
            using DuckDBConnection previous = MartConnection.Open(databasePath, readOnly: true);
            using (var command = previous.CreateCommand())
            {
                command.CommandText = $"select component, hash from {MetaSchema}.definition";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    previousDefinition[reader.GetString(0)] = reader.GetString(1);
                }
            }

            using (var command = previous.CreateCommand())
            {
                command.CommandText = $"select path, size from {MetaSchema}.lake_files order by path";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    previousFiles.Add(new LakeFile(reader.GetString(0), reader.GetInt64(1)));
                }
            }
        }
        catch (DuckDBException)
        {
            return IncrementalPlan.Full("the previous mart has no build metadata (built before incremental builds)", lake);
        }

        var changed = definition.Where(p => !previousDefinition.TryGetValue(p.Key, out string? hash) || hash != p.Value).Select(p => p.Key).ToList();
        if (changed.Count > 0)
        {
            return IncrementalPlan.Full($"the {string.Join(", ", changed)} changed since the previous build", lake);
        }

        var plan = new IncrementalPlan(true, "", previousFiles, lake);
        string reason = plan.ChangedPartitions.Count == 0
            ? "no lake partition changed since the previous build"
            : $"{plan.ChangedPartitions.Count} lake partition(s) changed since the previous build: "
              + string.Join(", ", plan.ChangedPartitions.Take(5)) + (plan.ChangedPartitions.Count > 5 ? ", ..." : "");
        return plan with { Reason = reason };
    }

    /// <summary>The latest contact of each contact date (<c>contact_date, last_offered_at</c>): where the data ends,
    /// which decides whose FCR window is observed, without reading every contact.</summary>
    public const string ContactDays = MetaSchema + ".contact_days";

    /// <summary>Stores <see cref="ContactDays"/> from <c>marts.fct_contact</c>: all of it in a full build, the dates of
    /// the changed contact rows (the only ones whose contacts it replaced) in an incremental one.</summary>
    public static void WriteContactDays(DuckDBConnection connection, bool incremental)
    {
        if (connection.Scalar<long>("select count(*) from duckdb_views() where schema_name = 'marts' and view_name = 'fct_contact'")
            + connection.Scalar<long>("select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = 'fct_contact'") == 0)
        {
            return;
        }

        string table = $"{MartConnection.CatalogName}.{ContactDays}";
        connection.Execute($"create schema if not exists {MartConnection.CatalogName}.{MetaSchema}");
        if (!incremental || connection.Scalar<long>($"select count(*) from duckdb_tables() where database_name = '{MartConnection.CatalogName}' and schema_name = '{MetaSchema}' and table_name = 'contact_days'") == 0)
        {
            connection.Execute($"create or replace table {table} as select contact_date, max(offered_at) as last_offered_at from marts.fct_contact group by all");
            return;
        }

        if (connection.Scalar<long>($"select count(*) from duckdb_tables() where schema_name = '{IncrementalScope.Schema}' and table_name = 'row_dates'") == 0)
        {
            return; // no model needed the scope: no contact was replaced
        }

        connection.Execute($"delete from {table} where contact_date in (select date_day from {IncrementalScope.RowDates})");
        connection.Execute($"insert into {table} select contact_date, max(offered_at) from marts.fct_contact where contact_date in (select date_day from {IncrementalScope.RowDates}) group by all");
    }

    /// <summary>Records the definition and the lake files of this build in the building database.</summary>
    /// <remarks><paramref name="dataTestsPassed"/> is recorded so the next incremental build may test only what it recomputes.</remarks>
    public static void WriteMetadata(DuckDBConnection connection, IReadOnlyDictionary<string, string> definition, IReadOnlyList<LakeFile> lake, bool incremental, bool dataTestsPassed = false)
    {
        connection.Execute($"create schema if not exists {MetaSchema}");
        connection.Execute($"create or replace table {MetaSchema}.definition (component varchar primary key, hash varchar)");
        connection.Execute($"insert into {MetaSchema}.definition values " + string.Join(", ", definition.Select(p => $"({SqlText.Literal(p.Key)}, {SqlText.Literal(p.Value)})")));
        connection.Execute($"create or replace table {MetaSchema}.lake_files (path varchar primary key, size bigint)");
        foreach (LakeFile[] chunk in lake.Chunk(500))
        {
            connection.Execute($"insert into {MetaSchema}.lake_files values "
                + string.Join(", ", chunk.Select(f => string.Create(CultureInfo.InvariantCulture, $"({SqlText.Literal(f.Path)}, {f.Size})"))));
        }

        connection.Execute($"create or replace table {MetaSchema}.build as select now() as built_at, {(incremental ? "'incremental'" : "'full'")} as build_mode, {(dataTestsPassed ? "true" : "false")} as data_tests_passed");
    }

    /// <summary>Fills the scope a model needs, once, just before it runs.</summary>
    public void BeforeModel(SqlModel model)
    {
        try
        {
            foreach (ScopeStep step in Steps(model).Where(s => !s.IsFilled()))
            {
                step.Fill();
            }
        }
        finally
        {
            // Every model seen before this one is built: models run one after another, or (side by side) the models a
            // scope step reads have finished before it starts (ModelRunner).
            lock (_built)
            {
                _built.Add(model.Relation);
            }
        }
    }

    /// <summary>
    /// The scope steps <paramref name="model"/> still needs, for the scheduler (<see cref="ModelRunner"/>), or null when
    /// its scope is filled: its <see cref="BeforeModel"/> then reads other models and writes the scope. The contact
    /// scope, the workforce dates and a fact's changed partitions name the models they read, so they may be worked out
    /// beside models that are none of those; the KPI periods read every source, and run alone.
    /// </summary>
    public ScopeWork? PendingWork(SqlModel model)
    {
        var pending = Steps(model).Where(s => !s.IsFilled()).ToList();
        if (pending.Count == 0)
        {
            return null;
        }

        if (pending.Any(s => s.Reads is null))
        {
            return ScopeWork.Alone;
        }

        return new ScopeWork(
            pending.SelectMany(s => s.Fills).Where(part => !IsFilled(part)).ToHashSet(StringComparer.Ordinal),
            pending.SelectMany(s => s.Reads!).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The scope parts <paramref name="model"/> reads, filled or not: while a fence fills one of them, the model waits.</summary>
    public IReadOnlySet<string> ScopeNeeds(SqlModel model) => Steps(model).Select(s => s.Fills[0]).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A step of the scope: the parts it fills (its own first, then those it fills on the way), how, and the models it
    /// reads (null: any model built before it).
    /// </summary>
    private sealed record ScopeStep(string[] Fills, Func<bool> IsFilled, Action Fill, IReadOnlySet<string>? Reads);

    private const string TelephonyPart = "telephony";
    private const string DatesPart = "dates";
    private const string WorkforcePart = "workforce";
    private const string PeriodsPart = "periods";

    private bool IsFilled(string part) => part switch
    {
        TelephonyPart => _telephony,
        DatesPart => _dates,
        WorkforcePart => _workforce,
        PeriodsPart => _periods,
        _ => false,
    };

    private static readonly IReadOnlySet<string> TelephonyReads = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "staging.stg_telephony__contacts" };

    // EnsureDates: the staged contacts, case flags and sales, and the agents' team and site history.
    private static readonly IReadOnlySet<string> DatesReads = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "staging.stg_telephony__contacts", "staging.stg_crm__cases", "staging.stg_crm__sales", "marts.dim_agent",
    };

    // EnsureWorkforceDates: the changed contacts' dates, the states before the changed ones, the activities their spans
    // overlap, and the agents' team history (the changed states and activities come from the lake).
    private static readonly IReadOnlySet<string> WorkforceReads = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "staging.stg_telephony__contacts", "staging.stg_telephony__agent_states", "staging.stg_hr__schedule", "marts.dim_agent",
    };

    /// <summary>The placeholders of the scope that read the workforce or the changed contacts' dates alone, not the contact scope.</summary>
    private static readonly HashSet<string> WorkforcePlaceholders = new(StringComparer.Ordinal)
    {
        IncrementalScope.WorkforcePlaceholder, IncrementalScope.WorkforceSpansPlaceholder, IncrementalScope.WorkforceReachPlaceholder, IncrementalScope.TelephonyPlaceholder,
    };

    private static readonly System.Text.RegularExpressions.Regex ScopePlaceholder = new(@"\{\{(incremental_[a-z_]+)", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>
    /// True unless <paramref name="model"/> reads the workforce dates (or the changed contacts' dates) alone: its own
    /// partitions are workforce dates, or it has none, and it names no other part of the scope.
    /// </summary>
    private static bool ReadsContactScope(SqlModel model) =>
        (model.IsIncremental && model.DateScope != IncrementalScope.WorkforceScope)
        || model.Text.Contains("{{kpi_parts}}", StringComparison.Ordinal)
        || ScopePlaceholder.Matches(model.Text).Any(m => !WorkforcePlaceholders.Contains(m.Groups[1].Value));

    /// <summary>The scope steps <paramref name="model"/> needs, in order, filled or not.</summary>
    private IReadOnlyList<ScopeStep> Steps(SqlModel model) => _steps.GetOrAdd(model.Relation, _ => StepsOf(model));

    // A model's steps, worked out once: the scheduler asks for them each time it looks for a model to start.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<ScopeStep>> _steps = new(StringComparer.OrdinalIgnoreCase);

    private List<ScopeStep> StepsOf(SqlModel model)
    {
        var steps = new List<ScopeStep>();
        if (model.IsIncrementalStaging || (!model.UsesScope && !model.IsIncremental))
        {
            return steps;
        }

        if (model.DateScope == IncrementalScope.TelephonyRowsScope || model.Text.Contains("{{" + IncrementalScope.TelephonyPlaceholder, StringComparison.Ordinal))
        {
            steps.Add(new ScopeStep([TelephonyPart], () => _telephony, EnsureTelephonyDates, TelephonyReads));
        }

        if (model.DateScope == IncrementalScope.TelephonyRowsScope)
        {
            return steps; // worked out from staging alone: such a model may come before the dimensions the other scopes compare
        }

        if (ReadsContactScope(model))
        {
            steps.Add(new ScopeStep([DatesPart, TelephonyPart], () => _dates, EnsureDates, DatesReads));
        }

        if (model.DateScope == IncrementalScope.WorkforceScope || model.Text.Contains("{{" + IncrementalScope.WorkforcePlaceholder, StringComparison.Ordinal))
        {
            steps.Add(new ScopeStep([WorkforcePart, TelephonyPart], () => _workforce, EnsureWorkforceDates, WorkforceReads));
        }

        if (model.PartitionBy.SequenceEqual(IncrementalPlan.PeriodPartition) || model.PartitionBy.SequenceEqual(IncrementalPlan.KpiPeriodPartition)
            || model.Sql.Contains(IncrementalScope.SourcePeriodDays, StringComparison.Ordinal)
            || model.Sql.Contains(IncrementalScope.Periods, StringComparison.Ordinal))
        {
            steps.Add(new ScopeStep([PeriodsPart, WorkforcePart, TelephonyPart], () => _periods, EnsurePeriods, null));
        }

        if (model.Scope == IncrementalScope.ChangedRows)
        {
            // Reads the staged rows, fct_contact and dim_agent when the model does: what it references.
            steps.Add(new ScopeStep(["changed_rows:" + model.Relation], () => false, () => EnsureChangedRows(model), model.References.ToHashSet(StringComparer.OrdinalIgnoreCase)));
        }
        else if (model.Scope == IncrementalScope.KpiPeriodsAndNext)
        {
            steps.Add(new ScopeStep([IncrementalScope.KpiPeriodsAndNext], () => false, EnsureKpiPeriodsAndNext, null));
        }

        return steps;
    }

    /// <summary>The scope compares this build's version of <paramref name="relation"/> with the previous one: it must be built already.</summary>
    private void RequireBuilt(string relation)
    {
        bool built;
        lock (_built)
        {
            built = _built.Contains(relation);
        }

        if (models.Any(m => string.Equals(m.Relation, relation, StringComparison.OrdinalIgnoreCase)) && !built)
        {
            throw new MartDefinitionException(
                $"The incremental build scope needs {relation} built first, but a model it depends on reads the scope; make {relation} independent of it or build with --full.");
        }
    }

    /// <summary>The rows (<paramref name="now"/> of the lake files, <paramref name="then"/> of the previous build's
    /// <paramref name="previousRelation"/>) of a dataset's changed partitions and of the extracts they replace; null
    /// when no partition of the dataset changed.</summary>
    private string? ChangedRows(string dataset, string previousRelation, string now, string then)
    {
        var partitions = plan.ChangedPartitionsOf(dataset).ToHashSet(StringComparer.Ordinal);
        var newFiles = plan.CurrentFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(Path.Combine(lakeRoot, f.Path))).ToList();
        var oldIds = plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).ToList();
        var parts = new List<string>();
        if (newFiles.Count > 0)
        {
            parts.Add($"select {now} from read_parquet([{string.Join(", ", newFiles)}], union_by_name = true)");
        }

        if (oldIds.Count > 0)
        {
            parts.Add($"select {then} from {PreviousCatalog}.{previousRelation} where extract_id in ({string.Join(", ", oldIds)})");
        }

        return parts.Count == 0 ? null : string.Join("\nunion all\n", parts);
    }

    private List<DateOnly> Dates(string query)
    {
        var dates = new List<DateOnly>();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.IsDBNull(0))
            {
                dates.Add(DateOnly.FromDateTime(reader.GetDateTime(0)));
            }
        }

        return dates;
    }

    /// <summary>The rows an incremental staging model staged from the changed lake partitions (its <c>__changes</c>
    /// table), or the model itself when it was staged from the whole lake.</summary>
    private string StagedChanges(string relation) =>
        connection.Scalar<long>($"select count(*) from duckdb_tables() where schema_name = '{relation.Split('.')[0]}' and table_name = '{relation.Split('.')[1]}__changes'") > 0
            ? relation + "__changes"
            : relation;

    /// <summary>The predicate keeping rows of the extracts <paramref name="ids"/> (SQL literals): false when there are none.</summary>
    private static string OfExtracts(IReadOnlyList<string> ids) => ids.Count == 0 ? "false" : $"extract_id in ({string.Join(", ", ids)})";

    /// <summary>The extract ids (as SQL literals) of the previous build's files in the lake partitions of an incremental
    /// staging model's datasets that changed: the extracts this build's rows replace.</summary>
    private List<string> ReplacedExtracts(SqlModel staging)
    {
        var partitions = ExtractContracts.All.Where(c => staging.Text.Contains($"{{{{lake:{c.Id}}}}}", StringComparison.Ordinal))
            .SelectMany(c => plan.ChangedPartitionsOf(c.Id)).ToHashSet(StringComparer.Ordinal);
        return plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).Distinct().ToList();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
