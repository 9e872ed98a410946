using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Which rows of each model the data tests of a build check. A full build, and every model an incremental build
/// rebuilt whole (small tables), is tested whole. Of a model an incremental build recomputed in part, only the
/// recomputed rows are tested, read off the model's YAML, not a list of tables: an incremental model
/// (<c>materialized: incremental</c> + <c>partition_by</c>) by the partitions in the build scope, an incremental staging
/// model (<c>unique_key</c> + <c>previous</c>) staged from the changed lake partitions by the rows staged from them.
/// The other rows are the previous mart's, which passed every test (an incremental build whose previous build failed
/// a test tests everything).
/// <list type="bullet">
/// <item>A test of each row on its own (not_null, accepted_values, expression_is_true) reads the recomputed rows.</item>
/// <item>A uniqueness test counts, across the whole table, the keys of the recomputed rows, so a recomputed row that
/// collides with an untouched one (a key that moved date) is caught; when the unique columns hold every partition
/// column (or the staging key) two rows with one key are in one partition, and the recomputed rows alone are counted.</item>
/// <item>A relationships test checks that every recomputed row points at a parent row, and that no row at all points at
/// a parent key the previous mart had and this build removed.</item>
/// </list>
/// </summary>
internal sealed class DataTestScope
{
    private readonly Dictionary<string, Scoped> _models;
    private readonly HashSet<string> _previousRelations;
    private readonly DuckDBConnection? _connection;
    private readonly Dictionary<(string Parent, string Field), bool> _anyRemoved = [];

    private DataTestScope(Dictionary<string, Scoped> models, HashSet<string> previousRelations, string reason, DuckDBConnection? connection = null)
    {
        _models = models;
        _previousRelations = previousRelations;
        _connection = connection;
        Reason = reason;
    }

    /// <summary>Every test on whole tables (a full build).</summary>
    public static DataTestScope Whole { get; } = new([], [], "every test on whole tables");

    /// <summary>True when some model is tested on its recomputed rows only.</summary>
    public bool IsScoped => _models.Count > 0;

    /// <summary>Why the tests run as they do, for the build's progress.</summary>
    public string Reason { get; }

    /// <summary>The models tested on part of their rows, as <c>relation: rows</c>, for messages.</summary>
    public IReadOnlyList<string> ScopedRelations => _models.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The scope of an incremental build's tests, after its models ran: <paramref name="stagedFromChanges"/> are the
    /// incremental staging models staged from the changed lake partitions (others were staged whole).
    /// </summary>
    public static DataTestScope ForIncremental(DuckDBConnection connection, IReadOnlyList<SqlModel> models, IReadOnlyCollection<string> stagedFromChanges)
    {
        if (!PreviousTestsPassed(connection))
        {
            return new([], [], "the previous build did not record that its data tests passed, so every test runs on whole tables");
        }

        var scoped = new Dictionary<string, Scoped>(StringComparer.OrdinalIgnoreCase);
        foreach (SqlModel model in models.Where(m => m.IsIncremental))
        {
            if (model.IsIncrementalStaging)
            {
                if (stagedFromChanges.Contains(model.Relation))
                {
                    string changes = model.Relation + "__changes";
                    string key = model.UniqueKey!;
                    // A key of several columns (agent_id, changed_at) is compared as a row; a unique test on all of
                    // them counts the changed rows alone (the view keeps no other row with such a key).
                    IReadOnlyList<string> keys = model.UniqueKeyColumns;
                    string row = keys.Count == 1 ? key : $"({key})";
                    scoped[model.Relation] = new Scoped(changes, alias => keys.Count == 1
                        ? $"{alias}.{key} in (select {key} from {changes})"
                        : $"({string.Join(", ", keys.Select(k => $"{alias}.{k}"))}) in (select {row} from {changes})", keys);
                }

                continue;
            }

            if (!ScopeExists(connection, model))
            {
                continue; // the model did not run incrementally (no scope was filled): it is tested whole
            }

            Func<string, string> predicate = DatePredicate(connection, model) ?? (alias =>
            {
                (string scope, string join) = ModelRunner.ScopeOf(model);
                return $"exists (select 1 from {scope} as scope where {string.Format(CultureInfo.InvariantCulture, join, alias)})";
            });
            // A table living in Parquet holds its recomputed rows in a working table of their own (ModelRunner): those
            // are tested, where selecting them from the table by the scope read the scope's key of every row of the
            // history (fct_kpi's tests: 850,000 rows at 90 days). Of a table replaced key by key on its scope dates
            // (fct_contact_resolution's contacts) that is fewer rows than its dates hold (of a new day's nine FCR days,
            // 200,000, not 740,000): the others are the previous build's, kept by key, none with a recomputed key.
            string rows = model.IsParquetResident
                ? ModelRunner.WorkingTable(MartBuilder.ResidentTables, model)
                : $"(select * from {model.Relation} as scoped where {predicate("scoped")})";
            scoped[model.Relation] = new Scoped(rows, predicate, model.PartitionBy);
        }

        var previous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                select schema_name || '.' || table_name from duckdb_tables() where database_name = '{IncrementalPlanner.PreviousCatalog}'
                union all
                select schema_name || '.' || view_name from duckdb_views() where database_name = '{IncrementalPlanner.PreviousCatalog}'
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                previous.Add(reader.GetString(0));
            }
        }

        return new(scoped, previous, scoped.Count == 0
            ? "no model was recomputed in part, so every test runs on whole tables"
            : $"{string.Join(", ", scoped.Keys.Order(StringComparer.Ordinal))} tested on the recomputed rows, other models whole", connection);
    }

    /// <summary>The tests to run: each of <paramref name="tests"/> itself, or its query over the recomputed rows of its model.</summary>
    public IReadOnlyList<DataTest> Apply(IReadOnlyList<DataTest> tests)
    {
        var notNull = tests.Where(t => t.IsNotNull && t.Relation is not null)
            .Select(t => (t.Relation!, t.Columns[0]))
            .ToHashSet();
        return tests.Select(t => Apply(t, notNull)).ToList();
    }

    /// <summary>The test to run: <paramref name="test"/> itself, or its query over the recomputed rows of its model;
    /// <paramref name="notNull"/> are the columns a not_null test of the same build checks.</summary>
    private DataTest Apply(DataTest test, IReadOnlySet<(string Relation, string Column)> notNull)
    {
        if (test.WholeSql is not null && !IsScoped)
        {
            return test with { Sql = test.WholeSql }; // a singular test of the recomputed dates, where every row is tested
        }

        if (test.Relation is null || test.Over is null || !_models.TryGetValue(test.Relation, out Scoped? scoped))
        {
            return test;
        }

        if (test.Kind == DataTestKind.RowRule)
        {
            return test with { Sql = test.Over(scoped.Rows), Rows = scoped.Rows };
        }

        string sql = test.Kind switch
        {
            DataTestKind.Unique when scoped.Keys.All(k => test.Columns.Contains(k, StringComparer.OrdinalIgnoreCase)) => test.Over(scoped.Rows),
            // The recomputed rows, and the other rows of the table holding one of their keys: a plain (uncorrelated) semi
            // join, in which DuckDB hashes the recomputed rows' keys (duplicates and all: a distinct first cost as much
            // again, 0.3 s of the 0.6 s of fct_contact_resolution's nine days) and probes the key columns of the rest of
            // the table. A column joins by equality, whose key range DuckDB pushes into the table's scan (skipping the
            // Parquet row groups of other keys: fct_agent_state's (agent_id, started_at) read every state of the history
            // before), where nulls cannot matter: one column's test skips them, and a column a not_null test checks has
            // none when the build passes; other columns of a combination count nulls as values. The range of each
            // column joined by equality is also written out as literals (KeyRange): DuckDB built its hash table on the
            // larger side, the history, so no range reached the scan (fct_agent_state's test read 1.8 M states at 30 days).
            DataTestKind.Unique => test.Over($"""
                (select * from {scoped.Rows} as recomputed
                 union all by name
                 select whole.* from {test.Relation} as whole
                 semi join {scoped.Rows} as recomputed
                 on {string.Join(" and ", test.Columns.Select(c => JoinsByEquality(test, c, notNull) ? $"recomputed.{c} = whole.{c}" : $"recomputed.{c} is not distinct from whole.{c}"))}
                 where ({scoped.Predicate("whole")}) is not true{string.Concat(test.Columns.Where(c => JoinsByEquality(test, c, notNull)).Select(c => KeyRange(scoped.Rows, c, "whole")))})
                """),
            DataTestKind.Relationships when _previousRelations.Contains(test.Parent!.Value.Relation) => RemovedParentKeys(test) is { } removed
                ? test.Over(scoped.Rows) + $"\nunion all\n{test.Over($"(select * from {test.Relation} as untouched where untouched.{test.Columns[0]} in ({removed}))")}"
                : test.Over(scoped.Rows),
            _ => test.Sql,
        };
        return test with { Sql = sql };
    }

    private static bool JoinsByEquality(DataTest test, string column, IReadOnlySet<(string Relation, string Column)> notNull) =>
        test.Columns.Count == 1 || notNull.Contains((test.Relation!, column));

    /// <summary>Column types whose text DuckDB casts back to the same value, so a range of them can be written as literals.</summary>
    private static readonly HashSet<string> RangeTypes = new(StringComparer.Ordinal)
    {
        "VARCHAR", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
    };

    /// <summary>
    /// <c> and alias.column between min and max</c> of <paramref name="column"/> in <paramref name="rows"/>, as literals
    /// (a constant filter the table's scan skips Parquet row groups and files by); <c> and false</c> when the rows hold
    /// no value of it, and nothing for a type not in <see cref="RangeTypes"/> or without a connection to ask.
    /// </summary>
    private string KeyRange(string rows, string column, string alias)
    {
        if (_connection is null)
        {
            return "";
        }

        using var command = _connection.CreateCommand();
        command.CommandText = $"select typeof(min({column})), min({column})::varchar, max({column})::varchar from {rows}";
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return "";
        }

        if (reader.IsDBNull(1))
        {
            return " and false"; // no recomputed row has a value: none of the table's rows can match one
        }

        string type = reader.GetString(0);
        return RangeTypes.Contains(type)
            ? $" and {alias}.{column} between cast({SqlText.Literal(reader.GetString(1))} as {type}) and cast({SqlText.Literal(reader.GetString(2))} as {type})"
            : "";
    }

    /// <summary>The parent keys the previous mart had and this build has not (the parent is in the previous mart), or
    /// null when it has none.</summary>
    private string? RemovedParentKeys(DataTest test)
    {
        (string parent, string field) = test.Parent!.Value;
        string removed = $"select {field} from {IncrementalPlanner.PreviousCatalog}.{parent} except select {field} from {parent}";
        // Parents are dimensions (small): when none of their keys went, no untouched row can point at one, and the
        // child's whole table (its history) is not read to find out.
        if (!_anyRemoved.TryGetValue((parent, field), out bool any))
        {
            any = _connection is null || _connection.Scalar<long>($"select count(*) from ({removed})") > 0;
            _anyRemoved[(parent, field)] = any;
        }

        return any ? removed : null;
    }

    private static bool PreviousTestsPassed(DuckDBConnection connection)
    {
        try
        {
            return connection.Scalar<bool>($"select coalesce(bool_and(data_tests_passed), false) from {IncrementalPlanner.PreviousCatalog}.{IncrementalPlanner.MetaSchema}.build");
        }
        catch (DuckDBException)
        {
            return false; // built before the build recorded it
        }
    }

    private static bool ScopeExists(DuckDBConnection connection, SqlModel model)
    {
        string scope = ModelRunner.ScopeOf(model).Scope;
        string[] parts = scope.Split('.');
        return connection.Scalar<long>($"select count(*) from duckdb_tables() where schema_name = '{parts[0]}' and table_name = '{parts[1]}'") > 0;
    }

    /// <summary>For a model partitioned by one date column, the scope dates as literals (a constant filter, which the
    /// scan prunes row groups and Parquet partitions by), or null for a model partitioned otherwise.</summary>
    private static Func<string, string>? DatePredicate(DuckDBConnection connection, SqlModel model)
    {
        (string scope, string join) = ModelRunner.ScopeOf(model);
        if (ModelRunner.IsReplacedByKeyOnDates(model) && model.PartitionBy.Count == 1)
        {
            // Replaced contact by contact within the scope dates: the rows of those dates are tested (a superset of
            // the recomputed ones, found by the dates the scan prunes by).
            (scope, join) = (IncrementalScope.DatesOf(model), $"{{0}}.{model.PartitionBy[0]} = scope.date_day");
        }

        // The scope's dates: a table of dates, or of the partition column's values (fct_case's opened dates), when a
        // date: an exists over that table reads the key of every row of the history, the literals only their files.
        string? scopeColumn = model.PartitionBy.Count != 1 ? null
            : join == $"{{0}}.{model.PartitionBy[0]} = scope.date_day" ? "date_day"
            : join == $"{{0}}.{model.PartitionBy[0]} = scope.{model.PartitionBy[0]}" ? model.PartitionBy[0]
            : null;
        if (scopeColumn is null || connection.Scalar<string>($"select coalesce(any_value(typeof({scopeColumn})), 'DATE') from {scope}") != "DATE")
        {
            return null;
        }

        var dates = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"select distinct strftime({scopeColumn}, '%Y-%m-%d') from {scope} where {scopeColumn} is not null order by 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                dates.Add($"date '{reader.GetString(0)}'");
            }
        }

        string column = model.PartitionBy[0];
        return dates.Count == 0 ? _ => "false" : alias => $"{alias}.{column} in ({string.Join(", ", dates)})";
    }

    /// <summary>The recomputed rows of a model (a relation or select), a predicate keeping them (given an alias), and the
    /// columns two rows of one partition share.</summary>
    private sealed record Scoped(string Rows, Func<string, string> Predicate, IReadOnlyList<string> Keys);
}
