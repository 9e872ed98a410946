using System.Diagnostics;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds models in DuckDB in dependency order: each model becomes <c>create or replace view|table schema.name as
/// &lt;its select&gt;</c>; in an incremental build an incremental model instead has the partitions in the build scope
/// deleted and inserted again (delete+insert). Stops at the first failure with a <see cref="ModelRunException"/>
/// naming the model file.
/// <para>
/// With <paramref name="residentSchema"/> (the builder's), a published table split into partitions
/// (<see cref="SqlModel.IsParquetResident"/>) lives in its Parquet files, not in the database: its rows are computed into
/// a working table in that (in-memory) schema and the model's name becomes a view of them; in an incremental build the
/// working table holds only the scope's partitions and the view adds the previous build's rows of every other
/// partition (read from the previous mart, whose view reads the published Parquet). The builder writes the files and
/// then points the view at them (<see cref="ResidentViewSql"/>).
/// </para>
/// </summary>
internal sealed class ModelRunner(DuckDBConnection connection, bool incremental = false, Action<SqlModel>? beforeModel = null, Action<SqlModel>? buildStaging = null,
    string? residentSchema = null, Func<string, string>? bindScope = null)
{
    /// <summary>The working table of a Parquet-resident model in <paramref name="schema"/>.</summary>
    public static string WorkingTable(string schema, SqlModel model) => $"{schema}.{model.Schema}__{model.Name}";

    /// <summary>
    /// The published view of a Parquet-resident table: every file of its partitions, by a path relative to the mart
    /// folder (DuckDB resolves it against <c>file_search_path</c>, which <see cref="MartConnection"/> sets to the
    /// database's folder, or else the working directory), without Hive columns, so it has exactly the table's columns.
    /// </summary>
    public static string ResidentViewSql(SqlModel model) =>
        $"create or replace view {model.Relation} as select * from read_parquet('{model.Name}/*/{MartParquetWriter.FileName}', hive_partitioning = false)";

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

        return ordered.Select(RunOne).ToList();
    }

    private ModelRunResult RunOne(SqlModel model)
    {
        var stopwatch = Stopwatch.StartNew();
        string body = model.Sql.Trim().TrimEnd(';');
        try
        {
            beforeModel?.Invoke(model);
            body = bindScope?.Invoke(body) ?? body;
            if (incremental && model.IsIncrementalStaging && buildStaging is not null)
            {
                buildStaging(model);
            }
            else if (residentSchema is not null && model.IsParquetResident)
            {
                RunResident(model, body, residentSchema);
            }
            else if (incremental && model.IsIncremental && !model.IsIncrementalStaging)
            {
                (string scope, string join) = ScopeOf(model);
                string onScopeDates = model.UniqueKey is not null && model.PreviousRelation is null
                    ? $" and {model.Name}.{model.PartitionBy[0]} in (select date_day from {IncrementalScope.DatesOf(model)})"
                    : "";
                connection.Execute($"delete from {model.Relation} using {scope} as scope where {string.Format(System.Globalization.CultureInfo.InvariantCulture, join, model.Name)}{onScopeDates}");
                connection.Execute($"insert into {model.Relation} by name\nselect model.* from (\n{body}\n) as model semi join {scope} as scope on {string.Format(System.Globalization.CultureInfo.InvariantCulture, join, "model")}");
            }
            else
            {
                connection.Execute($"create or replace {(model.IsView ? "view" : "table")} {model.Relation} as\n{body}\n");
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
            || (incremental && model.IsIncrementalStaging && IsViewNow(model.Relation))
            || (incremental && residentSchema is not null && model.IsParquetResident && model.IsIncremental);
        long? rows = isView ? null : connection.Scalar<long>($"select count(*) from {model.Relation}");
        return new ModelRunResult(model.Relation, model.DisplayPath, model.IsView, rows, stopwatch.Elapsed);
    }

    private bool IsViewNow(string relation) =>
        connection.Scalar<long>($"select count(*) from duckdb_views() where schema_name = '{relation.Split('.')[0]}' and view_name = '{relation.Split('.')[1]}'") > 0;

    private void RunResident(SqlModel model, string body, string schema)
    {
        string work = WorkingTable(schema, model);
        if (incremental && model.IsIncremental)
        {
            (string scope, string join) = ScopeOf(model);
            string on = string.Format(System.Globalization.CultureInfo.InvariantCulture, join, "model");
            connection.Execute($"create or replace table {work} as select model.* from (\n{body}\n) as model semi join {scope} as scope on {on}");
            string previous = $"{IncrementalPlanner.PreviousCatalog}.{model.Relation}";
            // A model replaced by key replaces its keys' rows on the scope dates only: the build rewrites those dates'
            // files alone, so a key's row elsewhere (none, unless a file was altered) must stay what is published.
            // The previous rows it keeps on the scope dates are copied once into a working table beside the recomputed
            // ones: every data test, the fingerprints and the Parquet writer read those dates again, which would
            // otherwise decode the previous files and match them against the recomputed keys each time.
            string view;
            if (model.UniqueKey is not null && model.PreviousRelation is null)
            {
                string column = model.PartitionBy[0];
                string keptOnDates = $"""
                    create or replace table {work}__kept as
                    select model.* from (select * from {previous} where {column} in (select date_day from {IncrementalScope.DatesOf(model)})) as model
                    anti join {scope} as scope on {on}
                    """;
                connection.Execute(bindScope?.Invoke(keptOnDates) ?? keptOnDates);
                view = $"""
                    create or replace view {model.Relation} as
                    select model.* from {previous} as model where model.{column} not in (select date_day from {IncrementalScope.DatesOf(model)})
                    union all by name
                    select * from {work}__kept
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

            connection.Execute(bindScope?.Invoke(view) ?? view);
            return;
        }

        connection.Execute($"create or replace table {work} as\n{body}\n");
        connection.Execute($"create or replace view {model.Relation} as select * from {work}");
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
}
