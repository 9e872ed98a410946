using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Runs data tests against a built mart and reports each one's offending rows. The row rules of one model over the
/// same rows (not_null, accepted_values, expression_is_true) are counted together, in one scan with a count per rule;
/// a rule that finds offending rows is then sampled on its own, and when the combined query fails (a rule naming a
/// column the model lacks) each rule runs alone, so the error is its own. A day's build ran its 155 such rules as 155
/// statements; a full build scanned a fact once per rule.
/// </summary>
internal sealed class DataTestRunner(DuckDBConnection connection)
{
    public const int SampleSize = 5;

    /// <summary>Runs <paramref name="tests"/> one batch after another; the results are in the tests' order.</summary>
    public IReadOnlyList<DataTestResult> Run(IEnumerable<DataTest> tests) => RunAll(tests.ToList(), ConnectionTwins.None(connection));

    /// <summary>
    /// Runs <paramref name="tests"/> in batches side by side on <paramref name="twins"/>, and <paramref name="first"/> (a
    /// built-in check: row conservation) before them, beside them; the results are in the tests' order, the check's last.
    /// </summary>
    public static IReadOnlyList<DataTestResult> RunAll(IReadOnlyList<DataTest> tests, ConnectionTwins twins, Func<DuckDBConnection, DataTestResult?>? first = null)
    {
        IReadOnlyList<List<int>> batches = Batches(tests);
        // Item -1 is the check.
        List<int> items = [.. first is null ? [] : new[] { -1 }, .. Enumerable.Range(0, batches.Count)];
        IReadOnlyList<IReadOnlyList<DataTestResult>> results = twins.Map(items, (twin, item) => item < 0
            ? first!(twin) is { } check ? [check] : []
            : new DataTestRunner(twin).RunBatch(batches[item].Select(i => tests[i]).ToList()));
        var ordered = new List<DataTestResult>(new DataTestResult[tests.Count]);
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k] >= 0)
            {
                for (int j = 0; j < batches[items[k]].Count; j++)
                {
                    ordered[batches[items[k]][j]] = results[k][j];
                }
            }
        }

        ordered.AddRange(first is null ? [] : results[0]);
        return ordered;
    }

    /// <summary>The tests' indexes in batches: the row rules of one model over the same rows together, every other test alone.</summary>
    internal static IReadOnlyList<List<int>> Batches(IReadOnlyList<DataTest> tests)
    {
        var batches = new List<List<int>>();
        var byRows = new Dictionary<(string, string), List<int>>();
        for (int i = 0; i < tests.Count; i++)
        {
            DataTest test = tests[i];
            if (test is { Kind: DataTestKind.RowRule, Condition: not null, Relation: not null, Rows: not null })
            {
                if (!byRows.TryGetValue((test.Relation, test.Rows), out List<int>? batch))
                {
                    batch = [];
                    byRows[(test.Relation, test.Rows)] = batch;
                    batches.Add(batch);
                }

                batch.Add(i);
            }
            else
            {
                batches.Add([i]);
            }
        }

        return batches;
    }

    /// <summary>Runs one batch (see <see cref="Batches"/>); the results are in the batch's order.</summary>
    private IReadOnlyList<DataTestResult> RunBatch(IReadOnlyList<DataTest> batch)
    {
        if (batch.Count == 1)
        {
            return [Run(batch[0])];
        }

        var stopwatch = Stopwatch.StartNew();
        var counts = new long[batch.Count];
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"select {string.Join(",\n    ", batch.Select(t => $"count(*) filter (where {t.Condition})"))}\nfrom {batch[0].Rows}";
            using var reader = command.ExecuteReader();
            reader.Read();
            for (int i = 0; i < batch.Count; i++)
            {
                counts[i] = reader.GetInt64(i);
            }
        }
        catch (DuckDBException)
        {
            return batch.Select(Run).ToList(); // each alone, so a failing rule carries its own error
        }

        // The scan's time is shared by the rules it counted.
        TimeSpan share = stopwatch.Elapsed / batch.Count;
        var results = new List<DataTestResult>(batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            var sampling = Stopwatch.StartNew();
            IReadOnlyList<string> sample = counts[i] == 0 ? [] : Sample(batch[i].Sql);
            results.Add(new DataTestResult(batch[i].Name, counts[i] == 0, counts[i], sample, null, share + sampling.Elapsed));
        }

        return results;
    }

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
