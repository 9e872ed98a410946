using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>The two statements a build issues over and over: one that returns nothing, and one that returns one value.</summary>
/// <remarks>
/// With <c>SCORECARD_SLOW_SQL_SECONDS</c> set (say 0.2), each statement slower than that is written to standard error
/// with its time, when it ended (seconds since the process started) and its first lines: where a build's time goes,
/// statement by statement. With <c>SCORECARD_PROFILE_DIR</c> set too, DuckDB's JSON profile of each such statement is
/// kept there (<c>0001.json</c>, ...): its operators' times and rows, and what the statement spent outside them
/// (<c>checkpoint_latency</c>, for one).
/// </remarks>
internal static class DuckDbConnectionExtensions
{
    private static readonly double? SlowSeconds =
        double.TryParse(Environment.GetEnvironmentVariable("SCORECARD_SLOW_SQL_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : null;

    private static readonly string? ProfileDirectory = SlowSeconds is null ? null : Environment.GetEnvironmentVariable("SCORECARD_PROFILE_DIR");

    /// <summary>Per profiled connection, the file DuckDB writes the last statement's profile to.</summary>
    private static readonly ConditionalWeakTable<DuckDBConnection, string> ProfileFiles = [];

    private static int _profiles;

    public static void Execute(this DuckDBConnection connection, string sql)
    {
        string? profile = Profile(connection);
        long started = Stopwatch.GetTimestamp();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        ReportIfSlow(sql, started, profile);
    }

    public static T Scalar<T>(this DuckDBConnection connection, string sql)
    {
        string? profile = Profile(connection);
        long started = Stopwatch.GetTimestamp();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
        ReportIfSlow(sql, started, profile);
        return value;
    }

    /// <summary>With <c>SCORECARD_PROFILE_DIR</c>, turns DuckDB's profiling on for the connection (once); its profile file.</summary>
    private static string? Profile(DuckDBConnection connection)
    {
        if (ProfileDirectory is null)
        {
            return null;
        }

        return ProfileFiles.GetValue(connection, c =>
        {
            Directory.CreateDirectory(ProfileDirectory);
            string file = Path.Combine(Path.GetFullPath(ProfileDirectory), $"last-{Guid.NewGuid():N}.json");
            using var command = c.CreateCommand();
            command.CommandText = $"pragma enable_profiling = 'json'; set profiling_output = {SqlText.PathLiteral(file)}";
            command.ExecuteNonQuery();
            return file;
        });
    }

    private static void ReportIfSlow(string sql, long started, string? profile)
    {
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (SlowSeconds is not { } slow || seconds < slow)
        {
            return;
        }

        if (profile is not null && File.Exists(profile))
        {
            File.Copy(profile, Path.Combine(ProfileDirectory!, string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Increment(ref _profiles):0000}.json")), overwrite: true);
        }

        string head = string.Join(" | ", sql.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(4));
        double since = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"slow SQL {seconds:0.00} s (ends at +{since:0.00} s): {(head.Length > 300 ? head[..300] + "..." : head)}"));
    }
}
