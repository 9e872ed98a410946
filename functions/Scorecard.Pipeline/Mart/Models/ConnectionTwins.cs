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

    /// <summary>Sets every twin's variables to the build connection's (the incremental scope sets some as it goes).</summary>
    public void CopyVariables()
    {
        if (_twins.Count == 0)
        {
            return;
        }

        List<string> statements = VariableStatements(_connection);
        foreach (DuckDBConnection twin in _twins)
        {
            statements.ForEach(twin.Execute);
        }
    }

    /// <summary>A <c>set variable</c> statement per variable of <paramref name="connection"/>, with its value and type.</summary>
    private static List<string> VariableStatements(DuckDBConnection connection)
    {
        var variables = new List<(string Name, string Type)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "select name, type from duckdb_variables()";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                variables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var statements = new List<string>();
        foreach ((string name, string type) in variables)
        {
            // A null variable (no previous data end) is set as a typed null: its text would read "NULL".
            string value = connection.Scalar<bool>($"select getvariable({SqlText.Literal(name)}) is null")
                ? "null"
                : SqlText.Literal(connection.Scalar<string>($"select cast(getvariable({SqlText.Literal(name)}) as varchar)"));
            statements.Add($"set variable {name} = cast({value} as {type})");
        }

        return statements;
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

        var threads = _twins.Select(twin => new Thread(() => Worker(twin)) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        Worker(_connection);
        threads.ForEach(t => t.Join());
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
