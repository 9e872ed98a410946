using System.Diagnostics;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds models in DuckDB in dependency order: each model becomes <c>create or replace view|table schema.name as
/// &lt;its select&gt;</c>; in an incremental build an incremental model instead has the partitions in the build scope
/// deleted and inserted again (delete+insert). Stops at the first failure with a <see cref="ModelRunException"/>
/// naming the model file. With <paramref name="twins"/> (an incremental build's) the models run side by side
/// (<see cref="ModelScheduler"/>).
/// <para>
/// With <paramref name="residentSchema"/> (the builder's), a published table split into partitions
/// (<see cref="SqlModel.IsParquetResident"/>) lives in its Parquet files, not in the database: its rows are computed into
/// a working table in that (in-memory) schema and the model's name becomes a view of them; in an incremental build the
/// working table holds only the scope's partitions and the view adds the previous build's rows of every other
/// partition (read from the previous mart, whose view reads the published Parquet). The builder writes the files and
/// then points the view at them (<see cref="ResidentViewSql"/>).
/// </para>
/// </summary>
internal sealed class ModelRunner(DuckDBConnection connection, bool incremental = false, Action<SqlModel>? beforeModel = null, Action<SqlModel, DuckDBConnection>? buildStaging = null,
    string? residentSchema = null, Func<string, string>? bindScope = null, ConnectionTwins? twins = null, Func<SqlModel, ScopeWork?>? scopeWork = null,
    Func<SqlModel, IReadOnlySet<string>>? scopeNeeds = null)
{
    /// <summary>The working table of a Parquet-resident model in <paramref name="schema"/>.</summary>
    public static string WorkingTable(string schema, SqlModel model) => $"{schema}.{model.Schema}__{model.Name}";

    /// <summary>True for a model an incremental build replaces contact by contact within its scope dates.</summary>
    internal static bool IsReplacedByKeyOnDates(SqlModel model) => model.UniqueKey is not null && model.PreviousRelation is null;

    /// <summary>
    /// Every row on the scope dates of a Parquet-resident model an incremental build replaced contact by contact on
    /// those dates (<c>fct_contact</c>, <c>fct_contact_resolution</c>): its recomputed rows and the previous rows it kept
    /// there, both in working tables of <paramref name="schema"/> (see <see cref="RunResident"/>); null for any other model.
    /// </summary>
    public static string? ScopeDateRows(string schema, SqlModel model) => IsKeptOnScopeDates(model)
        ? $"(select * from {WorkingTable(schema, model)} union all by name select * from {Kept(WorkingTable(schema, model))})"
        : null;

    /// <summary>
    /// Of a model <see cref="ScopeDateRows"/> serves: the working table of its previous rows on the scope dates, each
    /// with <see cref="ReplacedColumn"/> (true for the rows of the keys it recomputed). Their row hashes are what a
    /// partition's fingerprint loses (<see cref="MartParquetWriter"/>), the kept rows' are unchanged. Null for any other model.
    /// </summary>
    public static string? PreviousScopeDateRows(string schema, SqlModel model) =>
        IsKeptOnScopeDates(model) ? Previous(WorkingTable(schema, model)) : null;

    /// <summary>A Parquet-resident model an incremental build replaces contact by contact on its scope dates, keeping the
    /// previous rows of the other keys there beside the recomputed ones.</summary>
    private static bool IsKeptOnScopeDates(SqlModel model) => model.IsParquetResident && model.IsIncremental && IsReplacedByKeyOnDates(model);

    /// <summary>The working table of the previous rows on the scope dates, of the model whose working table is <paramref name="work"/>.</summary>
    private static string Previous(string work) => work + "__previous";

    /// <summary>The view of those previous rows that were kept (not replaced).</summary>
    private static string Kept(string work) => work + "__kept";

    /// <summary>The column of <see cref="PreviousScopeDateRows"/> telling a replaced row from a kept one.</summary>
    public const string ReplacedColumn = "__replaced";

    /// <summary>
    /// The published view of a Parquet-resident table: every file of its partitions, by a path relative to the mart
    /// folder (DuckDB resolves it against <c>file_search_path</c>, which <see cref="MartConnection"/> sets to the
    /// database's folder, or else the working directory), with exactly the table's columns. A table split by day names
    /// its folders after one of its columns (<c>contact_date=2026-03-20</c>): read as a Hive partition (the same column,
    /// type and place), a filter on it opens the matching folders' files alone, where otherwise every file of the history
    /// is opened to be skipped by its statistics (12 ms a scan of 90 days' files, in each of an incremental build's
    /// hundred statements over the previous build). A week or month folder (<c>period_start_week=</c>) is no column:
    /// it is left out.
    /// </summary>
    public static string ResidentViewSql(SqlModel model) =>
        $"create or replace view {model.Relation} as select * from read_parquet('{model.Name}/*/{MartParquetWriter.FileName}', {HiveOptions(model.PublishPartition)})";

    private static string HiveOptions(PublishedPartition? partition) => partition is { Grain: PublishedPartition.Day }
        ? $"hive_partitioning = true, hive_types = {{'{partition.Key}': 'DATE'}}"
        : "hive_partitioning = false";

    /// <summary>Orders <paramref name="models"/> by their references and builds them all.</summary>
    public IReadOnlyList<ModelRunResult> Run(IReadOnlyList<SqlModel> models, IReadOnlySet<string>? externalRelations = null)
    {
        IReadOnlyList<SqlModel> ordered = ModelGraph.Order(models, externalRelations);
        foreach (string schema in ordered.Select(m => m.Schema).Distinct())
        {
            // A schema may already exist in another attached catalog on the search path (the builder keeps staging
            // and intermediate in memory); only a schema found nowhere is created, in the default catalog.
            if (connection.Scalar<long>($"select count(*) from duckdb_schemas() where schema_name = '{schema}'") == 0)
            {
                connection.Execute($"create schema {schema}");
            }
        }

        return twins is { Twins.Count: > 0 }
            ? new ModelScheduler(this, ordered, twins).Run()
            : ordered.Select(model =>
            {
                var stopwatch = Stopwatch.StartNew();
                Prepare(model);
                return Execute(model, connection, stopwatch);
            }).ToList();
    }

    private DuckDBConnection Connection => connection;

    /// <summary>The scope steps <paramref name="model"/> still needs before it runs; null when none.</summary>
    private ScopeWork? ScopeWorkOf(SqlModel model) => scopeWork?.Invoke(model);

    /// <summary>The scope parts <paramref name="model"/> reads, filled or not.</summary>
    private IReadOnlySet<string> ScopeNeedsOf(SqlModel model) => scopeNeeds?.Invoke(model) ?? NoParts;

    private static readonly IReadOnlySet<string> NoParts = new HashSet<string>();

    /// <summary>What runs before a model, on the build's connection: the scope it needs (<paramref name="beforeModel"/>).</summary>
    private void Prepare(SqlModel model)
    {
        try
        {
            beforeModel?.Invoke(model);
        }
        catch (DuckDBException e)
        {
            throw new ModelRunException(model.DisplayPath, e.Message, e);
        }
    }

    /// <summary>True when the planner stages <paramref name="model"/> (an incremental staging model in an incremental build).</summary>
    private bool IsStagedByPlanner(SqlModel model) => incremental && model.IsIncrementalStaging && buildStaging is not null;

    /// <summary>Builds <paramref name="model"/> on <paramref name="on"/> (the build's connection or a twin) once
    /// <see cref="Prepare"/> ran.</summary>
    private ModelRunResult Execute(SqlModel model, DuckDBConnection on, Stopwatch stopwatch)
    {
        string body = model.Sql.Trim().TrimEnd(';');
        try
        {
            body = bindScope?.Invoke(body) ?? body;
            if (IsStagedByPlanner(model))
            {
                buildStaging!(model, on);
            }
            else if (residentSchema is not null && model.IsParquetResident)
            {
                RunResident(on, model, body, residentSchema);
            }
            else if (incremental && model.IsIncremental && !model.IsIncrementalStaging)
            {
                (string scope, string join) = ScopeOf(model);
                string onScopeDates = IsReplacedByKeyOnDates(model)
                    ? $" and {model.Name}.{model.PartitionBy[0]} in (select date_day from {IncrementalScope.DatesOf(model)})"
                    : "";
                on.Execute($"delete from {model.Relation} using {scope} as scope where {string.Format(System.Globalization.CultureInfo.InvariantCulture, join, model.Name)}{onScopeDates}");
                on.Execute($"insert into {model.Relation} by name\nselect model.* from (\n{body}\n) as model semi join {scope} as scope on {string.Format(System.Globalization.CultureInfo.InvariantCulture, join, "model")}");
            }
            else
            {
                on.Execute($"create or replace {(model.IsView ? "view" : "table")} {model.Relation} as\n{body}\n");
            }
        }
        catch (DuckDBException e)
        {
            throw new ModelRunException(model.DisplayPath, e.Message, e);
        }

        // An incremental staging model is a view of the previous build's rows and the changed partitions' (unless it
        // was staged from the whole lake), and so is an incremental model living in Parquet: counting either would read
        // a column of every row of the history, so they report no count.
        bool isView = model.IsView
            || (incremental && model.IsIncrementalStaging && IsViewNow(on, model.Relation))
            || (incremental && residentSchema is not null && model.IsParquetResident && model.IsIncremental);
        long? rows = isView ? null : on.Scalar<long>($"select count(*) from {model.Relation}");
        return new ModelRunResult(model.Relation, model.DisplayPath, model.IsView, rows, stopwatch.Elapsed);
    }

    private static bool IsViewNow(DuckDBConnection on, string relation) =>
        on.Scalar<long>($"select count(*) from duckdb_views() where schema_name = '{relation.Split('.')[0]}' and view_name = '{relation.Split('.')[1]}'") > 0;

    private void RunResident(DuckDBConnection db, SqlModel model, string body, string schema)
    {
        string work = WorkingTable(schema, model);
        if (incremental && model.IsIncremental)
        {
            (string scope, string join) = ScopeOf(model);
            string on = string.Format(System.Globalization.CultureInfo.InvariantCulture, join, "model");
            // The rows outside the scope are deleted after, not filtered by a semi join: DuckDB sized the join by its
            // estimate of the model's rows, which its own filters made far too low, and built its hash table on the
            // model's wide rows (a day of fct_contact: 0.18 s), where the delete matches the key columns alone.
            db.Execute($"create or replace table {work} as\n{body}\n");
            db.Execute($"delete from {work} as model where not exists (select 1 from {scope} as scope where {on})");
            string previous = $"{IncrementalPlanner.PreviousCatalog}.{model.Relation}";
            // A model replaced by key replaces its keys' rows on the scope dates only: the build rewrites those dates'
            // files alone, so a key's row elsewhere (none, unless a file was altered) must stay what is published.
            // The previous rows on the scope dates are copied once into a working table beside the recomputed ones,
            // each marked replaced or kept: every data test and the Parquet writer read those dates again, which would
            // otherwise decode the previous files and match them against the recomputed keys each time. The writer
            // fingerprints a date from the rows that changed (the previous fingerprint, less the replaced rows' hashes,
            // plus the recomputed rows'), where hashing every row of the eight FCR dates cost 0.3 CPU s of a 30-day day.
            string view;
            if (IsReplacedByKeyOnDates(model))
            {
                string column = model.PartitionBy[0];
                string previousOnDates = $"""
                    create or replace table {Previous(work)} as
                    select model.*, exists (select 1 from {scope} as scope where {on}) as {ReplacedColumn}
                    from (select * from {previous} where {column} in (select date_day from {IncrementalScope.DatesOf(model)})) as model
                    """;
                db.Execute(bindScope?.Invoke(previousOnDates) ?? previousOnDates);
                db.Execute($"create or replace view {Kept(work)} as select * exclude ({ReplacedColumn}) from {Previous(work)} where not {ReplacedColumn}");
                view = $"""
                    create or replace view {model.Relation} as
                    select model.* from {previous} as model where model.{column} not in (select date_day from {IncrementalScope.DatesOf(model)})
                    union all by name
                    select * from {Kept(work)}
                    union all by name
                    select * from {work}
                    """;
            }
            else
            {
                view = $"""
                    create or replace view {model.Relation} as
                    select model.* from {previous} as model anti join {scope} as scope on {on}
                    union all by name
                    select * from {work}
                    """;
            }

            db.Execute(bindScope?.Invoke(view) ?? view);
            return;
        }

        db.Execute($"create or replace table {work} as\n{body}\n");
        if (model.PublishPartition is { Grain: PublishedPartition.Day } day)
        {
            // Its folders are read back as a DATE column (ResidentViewSql); an incremental build runs the same definition.
            string type = db.Scalar<string>($"select coalesce(any_value(data_type), 'none') from duckdb_columns() where database_name || '.' || schema_name || '.' || table_name = {SqlText.Literal(work)} and column_name = {SqlText.Literal(day.Column)}");
            if (type != "DATE")
            {
                throw new MartDefinitionException($"{Path.ChangeExtension(model.DisplayPath, ".yml")}: publish_partition_by splits by day on {day.Column}, which is {type}, not a DATE column; cast it to date in the model or split by another column.");
            }
        }

        db.Execute($"create or replace view {model.Relation} as select * from {work}");
    }

    /// <summary>The scope relation of an incremental model and the join condition of its partition columns
    /// (<c>{0}</c> is the model's alias).</summary>
    internal static (string Scope, string Join) ScopeOf(SqlModel model) =>
        model.UniqueKey == "contact_id" && model.PreviousRelation is null
            ? (IncrementalScope.ContactsOf(model), "{0}.contact_id = scope.contact_id")
        : model.Scope is not null
            ? (IncrementalScope.PartitionsOf(model), string.Join(" and ", model.PartitionBy.Select(c => $"{{0}}.{c} = scope.{c}")))
        : model.PartitionBy.SequenceEqual(IncrementalPlan.KpiPeriodPartition)
            ? (IncrementalScope.KpiPeriods, "{0}.kpi_id = scope.kpi_id and {0}.period_grain = scope.period_grain and {0}.period_start = scope.period_start")
            : model.PartitionBy.SequenceEqual(IncrementalPlan.PeriodPartition)
            ? (IncrementalScope.Periods, "{0}.period_grain = scope.period_grain and {0}.period_start = scope.period_start")
            : (IncrementalScope.DatesOf(model), $"{{0}}.{model.PartitionBy[0]} = scope.date_day");

    /// <summary>
    /// Runs the models of an incremental build side by side, on the build's connection and its twins: a day's models
    /// are a few hundred statements over a day's rows, many of which keep one core busy. A model starts, on a thread of
    /// its own, once the models it references have finished and a connection is idle.
    /// <para>
    /// A model whose scope is not filled yet (<c>scopeWork</c>: the planner's scope steps and the KPI day terms read
    /// other models and write the scope) is a fence: its steps run on the build's connection, one fence at a time (the
    /// model itself then moves to an idle twin, and a model that could take only the build's connection waits while a
    /// fence that could start is further on), and any model needing a part of the scope they fill waits for them. Steps that name what they read (the contact
    /// scope, the workforce dates, a fact's changed partitions) start once those models are built, beside models that are
    /// none of those (the workforce models while the contact scope is worked out); steps that do not run alone, after
    /// every model before theirs in the build's order, and no model after theirs starts before them. Either way each
    /// step sees what it saw when the models ran one after another. The session variables a fence's steps set reach each
    /// twin before the next model it runs. Incremental staging models (the planner stages them on the connection they are
    /// given) run side by side too. The first failure (in the build's order) is thrown once the running models are done;
    /// nothing starts after one.
    /// </para>
    /// </summary>
    private sealed class ModelScheduler(ModelRunner runner, IReadOnlyList<SqlModel> ordered, ConnectionTwins twins)
    {
        private readonly object _gate = new();
        private readonly List<DuckDBConnection> _idle = [.. twins.Twins, runner.Connection];
        private readonly ModelRunResult[] _results = new ModelRunResult[ordered.Count];
        private readonly HashSet<string> _done = new(StringComparer.OrdinalIgnoreCase);
        private readonly SortedDictionary<int, System.Runtime.ExceptionServices.ExceptionDispatchInfo> _failures = [];
        private readonly Dictionary<string, int> _position = ordered.Select((m, i) => (m.Relation, i)).ToDictionary(p => p.Relation, p => p.i, StringComparer.OrdinalIgnoreCase);
        private int _running;

        /// <summary>The scope parts a running fence is filling (empty when none is).</summary>
        private IReadOnlySet<string> _filling = NoParts;
        private bool _fencing;

        /// <summary>True while a fence's steps that may read anything run: nothing else starts.</summary>
        private bool _alone;

        public IReadOnlyList<ModelRunResult> Run()
        {
            List<string>[] upstream = ordered
                .Select(m => m.References.Where(r => _position.ContainsKey(r) && !string.Equals(r, m.Relation, StringComparison.OrdinalIgnoreCase)).ToList())
                .ToArray();
            var started = new bool[ordered.Count];
            int first = 0;
            while (true)
            {
                int next = -1;
                ScopeWork? fence = null;
                DuckDBConnection? on = null;
                lock (_gate)
                {
                    while (_failures.Count == 0)
                    {
                        while (first < ordered.Count && started[first])
                        {
                            first++;
                        }

                        if (first == ordered.Count)
                        {
                            break;
                        }

                        (next, fence, on) = Pick(first, started, upstream);
                        if (next >= 0)
                        {
                            break;
                        }

                        Monitor.Wait(_gate);
                    }

                    if (next < 0)
                    {
                        while (_running > 0)
                        {
                            Monitor.Wait(_gate);
                        }

                        break;
                    }

                    started[next] = true;
                    _idle.Remove(on!);
                    _running++;
                    if (fence is not null)
                    {
                        _fencing = true;
                        _alone = fence.RunsAlone;
                        _filling = fence.Fills;
                    }
                }

                int index = next;
                DuckDBConnection connection = on!;
                bool isFence = fence is not null;
                new Thread(() => Run(index, connection, isFence)) { IsBackground = true }.Start();
            }

            _failures.Values.FirstOrDefault()?.Throw();
            return _results;
        }

        /// <summary>The model to start next, from <paramref name="first"/> (the first not started) on, its scope work
        /// when it is a fence, and the idle connection it runs on; -1 when none can start now.</summary>
        private (int Index, ScopeWork? Fence, DuckDBConnection? On) Pick(int first, bool[] started, List<string>[] upstream)
        {
            if (_idle.Count == 0 || _alone)
            {
                return (-1, null, null);
            }

            // A model that could start now on the build's connection alone (no twin is idle), held while a fence that
            // could start now is looked for further on: the fence's steps run on that connection only, and the models
            // waiting for its scope (the contact scope: half the day's models) would wait for this one too.
            int onBuildConnection = -1;
            for (int i = first; i < ordered.Count; i++)
            {
                if (started[i])
                {
                    continue;
                }

                SqlModel model = ordered[i];
                ScopeWork? work = runner.ScopeWorkOf(model);
                if (work is { RunsAlone: true })
                {
                    // Every model before it has started (it is the first not started) and none is running: all are done.
                    return onBuildConnection >= 0 ? (onBuildConnection, null, runner.Connection)
                        : i == first && _running == 0 ? (i, work, runner.Connection) : (-1, null, null);
                }

                if (_filling.Overlaps(runner.ScopeNeedsOf(model)) || !upstream[i].All(_done.Contains))
                {
                    continue;
                }

                if (work is null)
                {
                    // A twin first: the build's connection is the one a fence needs.
                    DuckDBConnection? twin = _idle.FirstOrDefault(c => !ReferenceEquals(c, runner.Connection));
                    if (twin is not null)
                    {
                        return (i, null, twin);
                    }

                    if (onBuildConnection < 0)
                    {
                        onBuildConnection = i;
                    }

                    continue;
                }

                // Steps that read a model not built yet wait for it; one of the build's order after theirs is not
                // waited for (the planner names it in its error, as when the models ran one after another).
                if (!_fencing && _idle.Contains(runner.Connection)
                    && work.Reads!.All(r => _done.Contains(r) || !_position.TryGetValue(r, out int at) || at > i))
                {
                    return (i, work, runner.Connection);
                }
            }

            return onBuildConnection >= 0 ? (onBuildConnection, null, runner.Connection) : (-1, null, null);
        }

        private void Run(int index, DuckDBConnection on, bool fence)
        {
            SqlModel model = ordered[index];
            var stopwatch = Stopwatch.StartNew();
            try
            {
                // A fence's scope steps run on the build's connection (its own); any other model's are none (it only
                // counts as seen).
                runner.Prepare(model);
                if (fence)
                {
                    List<string> variables = twins.CaptureVariables();
                    lock (_gate)
                    {
                        twins.PublishVariables(variables);
                        _fencing = false;
                        _alone = false;
                        _filling = NoParts;
                        // The model itself moves to an idle twin when there is one: the build's connection is the one the
                        // next fence's steps run on (the workforce scope's model, int_agent_states_spanned, held it while
                        // the contact scope waited: 0.1 s of a day).
                        if (_idle.FirstOrDefault(c => !ReferenceEquals(c, runner.Connection)) is { } twin)
                        {
                            _idle.Remove(twin);
                            _idle.Add(on);
                            on = twin;
                        }

                        Monitor.PulseAll(_gate);
                    }
                }

                if (!ReferenceEquals(on, runner.Connection))
                {
                    twins.RefreshVariables(on);
                }

                Finish(index, runner.Execute(model, on, stopwatch), on, null);
            }
            catch (Exception e)
            {
                Finish(index, null, on, e);
            }
        }

        private void Finish(int index, ModelRunResult? result, DuckDBConnection on, Exception? failure)
        {
            lock (_gate)
            {
                if (result is not null)
                {
                    _results[index] = result;
                    _done.Add(ordered[index].Relation);
                }

                if (failure is not null)
                {
                    _failures[index] = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure);
                }

                _fencing &= failure is null;
                _alone &= failure is null;
                _idle.Add(on);
                _running--;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
