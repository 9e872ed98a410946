using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>Runs data tests against a built mart and reports each one's offending rows.</summary>
internal sealed class DataTestRunner(DuckDBConnection connection)
{
    public const int SampleSize = 5;

    public IReadOnlyList<DataTestResult> Run(IEnumerable<DataTest> tests) => tests.Select(Run).ToList();

    public DataTestResult Run(DataTest test)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            long failing = connection.Scalar<long>($"select count(*) from (\n{test.Sql}\n) as offending");
            IReadOnlyList<string> sample = failing == 0 ? [] : Sample(test.Sql);
            return new DataTestResult(test.Name, failing == 0, failing, sample, null, stopwatch.Elapsed);
        }
        catch (DuckDBException e)
        {
            return new DataTestResult(test.Name, false, 0, [], e.Message, stopwatch.Elapsed);
        }
    }

    private List<string> Sample(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select * from (\n{sql}\n) as offending limit {SampleSize}";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i =>
                $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Text(reader.GetValue(i)))}")));
        }

        return rows;
    }

    /// <summary>A sampled value as a reader of the message expects it: dates and times in ISO 8601 (the invariant
    /// culture writes 10/02/2026, which reads as 10 February in most of the world), the rest invariant.</summary>
    private static string Text(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time when time.TimeOfDay == TimeSpan.Zero => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture).Replace(".+", "+", StringComparison.Ordinal).Replace(".-", "-", StringComparison.Ordinal),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
