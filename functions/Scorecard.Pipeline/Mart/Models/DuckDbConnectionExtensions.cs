using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>The two statements a build issues over and over: one that returns nothing, and one that returns one value.</summary>
/// <remarks>With <c>SCORECARD_SLOW_SQL_SECONDS</c> set (say 0.2), each statement slower than that is written to standard
/// error with its time and first lines: where a build's time goes, statement by statement.</remarks>
internal static class DuckDbConnectionExtensions
{
    private static readonly double? SlowSeconds =
        double.TryParse(Environment.GetEnvironmentVariable("SCORECARD_SLOW_SQL_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : null;

    public static void Execute(this DuckDBConnection connection, string sql)
    {
        long started = Stopwatch.GetTimestamp();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        ReportIfSlow(sql, started);
    }

    public static T Scalar<T>(this DuckDBConnection connection, string sql)
    {
        long started = Stopwatch.GetTimestamp();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
        ReportIfSlow(sql, started);
        return value;
    }

    private static void ReportIfSlow(string sql, long started)
    {
        if (SlowSeconds is not { } slow || Stopwatch.GetElapsedTime(started).TotalSeconds < slow)
        {
            return;
        }

        string head = string.Join(" | ", sql.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(4));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slow SQL {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s: {(head.Length > 300 ? head[..300] + "..." : head)}"));
    }
}
