using System.Runtime.ExceptionServices;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Runs independent statements of an incremental build side by side: its data tests and its Parquet writes are a few
/// hundred small statements, most of which keep one core busy, so a day's build left the second core of a 2-core
/// instance idle a third of the time. Each twin is another connection of the build's database (the same attached
/// catalogs and in-memory working tables) with the session state the build's statements rely on: the catalog in use,
/// the search paths, the time zone and the variables, plus what <c>configure</c> adds (the registered functions).
/// DuckDB's memory limit is the database's, so the twins share the build's bound. A full build does not use them: its
/// statements are large and already run on every core.
/// </summary>
internal sealed class ConnectionTwins : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly List<DuckDBConnection> _twins = [];

    // The variables published for the twins (see PublishVariables), their version, and the version each twin has.
    private readonly object _variablesGate = new();
    private readonly Dictionary<DuckDBConnection, int> _applied = new(ReferenceEqualityComparer.Instance);
    private List<string> _variables = [];
    private int _version;

    // DuckDB's threads when the twins opened (one per core) and now: see SetThreads.
    private int _threads;
    private int _threadsNow;

    private ConnectionTwins(DuckDBConnection connection) => _connection = connection;

    /// <summary>How many statements run at once: one per core, at most four.</summary>
    public int Width => _twins.Count + 1;

    /// <summary>No twins: <see cref="Map"/> runs the items one at a time on <paramref name="connection"/>.</summary>
    public static ConnectionTwins None(DuckDBConnection connection) => new(connection);

    /// <summary>Opens <paramref name="width"/> - 1 twins of <paramref name="connection"/> (none with a width of one).</summary>
    public static ConnectionTwins Open(DuckDBConnection connection, Action<DuckDBConnection> configure, int? width = null)
    {
        var twins = new ConnectionTwins(connection);
        int count = Math.Clamp(width ?? Environment.ProcessorCount, 1, 4) - 1;
        if (count == 0)
        {
            return twins;
        }

        var session = new List<string>
        {
            $"use {connection.Scalar<string>("select current_database()")}.{connection.Scalar<string>("select current_schema()")}",
        };
        foreach (string setting in new[] { "search_path", "file_search_path", "TimeZone" })
        {
            session.Add($"set {setting} = {SqlText.Literal(connection.Scalar<string>($"select current_setting('{setting}')::varchar"))}");
        }

        session.AddRange(VariableStatements(connection));
        twins._threads = twins._threadsNow = (int)connection.Scalar<long>("select current_setting('threads')");

        try
        {
            for (int i = 0; i < count; i++)
            {
                DuckDBConnection twin = connection.Duplicate();
                twins._twins.Add(twin);
                twin.Open();
                foreach (string statement in session)
                {
                    twin.Execute(statement);
                }

                configure(twin);
            }
        }
        catch
        {
            twins.Dispose();
            throw;
        }

        return twins;
    }

    /// <summary>The twins (not the build's own connection).</summary>
    internal IReadOnlyList<DuckDBConnection> Twins => _twins;

    /// <summary>Sets every twin's variables to the build connection's (the incremental scope sets some as it goes). The
    /// twins must be idle.</summary>
    public void CopyVariables()
    {
        if (_twins.Count == 0)
        {
            return;
        }

        PublishVariables(VariableStatements(_connection));
        foreach (DuckDBConnection twin in _twins)
        {
            RefreshVariables(twin);
        }
    }

    /// <summary>The build connection's variables as statements, read while the caller holds that connection (a fence's
    /// thread after its scope steps), for <see cref="PublishVariables"/>.</summary>
    public List<string> CaptureVariables() => _twins.Count == 0 ? [] : VariableStatements(_connection);

    /// <summary>Makes <paramref name="statements"/> (<see cref="CaptureVariables"/>) the variables each twin gets before
    /// the next model it runs (<see cref="RefreshVariables"/>), where a twin may be busy now.</summary>
    public void PublishVariables(List<string> statements)
    {
        lock (_variablesGate)
        {
            _variables = statements;
            _version++;
        }
    }

    /// <summary>Sets <paramref name="twin"/>'s variables to the last published ones unless it has them; called by the
    /// thread about to run a model on it.</summary>
    public void RefreshVariables(DuckDBConnection twin)
    {
        List<string> statements;
        int version;
        lock (_variablesGate)
        {
            version = _version;
            if (version == 0 || (_applied.TryGetValue(twin, out int applied) && applied == version))
            {
                return;
            }

            statements = _variables;
        }

        statements.ForEach(twin.Execute);
        lock (_variablesGate)
        {
            _applied[twin] = version;
        }
    }

    /// <summary>A <c>set variable</c> statement per variable of <paramref name="connection"/>, with its value and type.</summary>
    private static List<string> VariableStatements(DuckDBConnection connection)
    {
        var variables = new List<(string Name, string Type, string Value)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "select name, type, value from duckdb_variables()";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                variables.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var statements = new List<string>();
        foreach ((string name, string type, string value) in variables)
        {
            // The listing shows a null variable (no previous data end) as the text NULL: such a one is set as a typed null.
            bool isNull = value == "NULL" && connection.Scalar<bool>($"select getvariable({SqlText.Literal(name)}) is null");
            statements.Add($"set variable {name} = cast({(isNull ? "null" : SqlText.Literal(value))} as {type})");
        }

        return statements;
    }

    /// <summary>
    /// Sets DuckDB's threads on the build's connection while no statement runs. <see cref="Map"/> runs its statements
    /// one thread each (one per connection, the twins filling the cores): with a thread per core each statement's own
    /// thread spun waiting for the tasks of the worker thread they shared. A 30-day day's data tests and Parquet writes
    /// took 0.5 and 1.0 s with them, 0.4 and 0.7 s without (the day: 7.9 CPU s, then 7.0). The models keep every core:
    /// many of them run alone, as the scope steps do.
    /// </summary>
    private void SetThreads(int threads)
    {
        if (threads != _threadsNow)
        {
            _connection.Execute(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"set threads = {threads}"));
            _threadsNow = threads;
        }
    }

    /// <summary>
    /// <paramref name="work"/> on every item, <see cref="Width"/> at a time, each on a connection of its own (the
    /// build's and the twins); the results in the items' order. The first failure (in the items' order) is rethrown once
    /// the running items are done; no item starts after a failure.
    /// </summary>
    public IReadOnlyList<TResult> Map<T, TResult>(IReadOnlyList<T> items, Func<DuckDBConnection, T, TResult> work)
    {
        var results = new TResult[items.Count];
        if (_twins.Count == 0 || items.Count < 2)
        {
            for (int i = 0; i < items.Count; i++)
            {
                results[i] = work(_connection, items[i]);
            }

            return results;
        }

        var failures = new ExceptionDispatchInfo?[items.Count];
        int next = -1;
        bool failed = false;
        void Worker(DuckDBConnection connection)
        {
            for (int i = Interlocked.Increment(ref next); i < items.Count && !Volatile.Read(ref failed); i = Interlocked.Increment(ref next))
            {
                try
                {
                    results[i] = work(connection, items[i]);
                }
                catch (Exception e)
                {
                    failures[i] = ExceptionDispatchInfo.Capture(e);
                    Volatile.Write(ref failed, true);
                }
            }
        }

        SetThreads(1);
        var threads = _twins.Select(twin => new Thread(() => Worker(twin)) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        Worker(_connection);
        threads.ForEach(t => t.Join());
        SetThreads(_threads);
        failures.FirstOrDefault(f => f is not null)?.Throw();
        return results;
    }

    public void Dispose()
    {
        foreach (DuckDBConnection twin in _twins)
        {
            twin.Dispose();
        }

        _twins.Clear();
    }
}
