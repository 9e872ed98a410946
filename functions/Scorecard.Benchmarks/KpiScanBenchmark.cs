using Scorecard.Pipeline.Mart;
using System.Diagnostics;
using DuckDB.NET.Data;

namespace Scorecard.Benchmarks;

/// <summary>
/// KPI-style aggregate queries in DuckDB over our Parquet and over DuckDB's own Parquet of the same CSV: the lake
/// must scan at least as fast as a file DuckDB wrote itself. Both files are read with the same SQL (only columns
/// both have), alternately, in one process, after one warm-up run each; medians of the summed query times.
/// </summary>
public static class KpiScanBenchmark
{
    public sealed record Measurement(double OursMs, double DuckDbMs, int Repetitions);

    /// <summary>Queries as templates over <c>{0}</c> = the file: contacts by day and queue (volume, abandon share,
    /// wait, handle time), answered work by agent, and volume by channel and direction.</summary>
    public static readonly IReadOnlyList<string> Queries =
    [
        """
        SELECT queue_id, CAST(offered_at AS DATE) AS day, count(*) AS offered,
               count(*) FILTER (WHERE outcome = 'abandoned') / count(*) AS abandon_share,
               avg(epoch(answered_at) - epoch(offered_at)) AS avg_wait_s,
               avg(talk_seconds + hold_seconds + acw_seconds) FILTER (WHERE answered_at IS NOT NULL) AS aht_s
        FROM read_parquet({0}) GROUP BY ALL ORDER BY ALL
        """,
        """
        SELECT agent_id, count(*) AS handled, sum(talk_seconds) AS talk_s, sum(acw_seconds) AS acw_s
        FROM read_parquet({0}) WHERE answered_at IS NOT NULL GROUP BY ALL ORDER BY ALL
        """,
        """
        SELECT channel, direction, count(*) AS contacts, count(DISTINCT customer_id) AS customers
        FROM read_parquet({0}) GROUP BY ALL ORDER BY ALL
        """,
    ];

    public static Measurement Run(string oursFile, string duckDbFile, int repetitions)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (DuckDBCommand set = connection.CreateCommand())
        {
            set.CommandText = "SET TimeZone='UTC';";
            set.ExecuteNonQuery();
        }

        RunAll(connection, oursFile);
        RunAll(connection, duckDbFile);
        var ours = new List<double>();
        var duck = new List<double>();
        for (int i = 0; i < repetitions; i++)
        {
            ours.Add(RunAll(connection, oursFile));
            duck.Add(RunAll(connection, duckDbFile));
        }

        return new Measurement(Median(ours), Median(duck), repetitions);
    }

    private static double RunAll(DuckDBConnection connection, string file)
    {
        var clock = Stopwatch.StartNew();
        foreach (string query in Queries)
        {
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, query, SqlText.PathLiteral(file));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
