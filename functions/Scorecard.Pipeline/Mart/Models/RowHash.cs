using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The hash of a row of a relation (alias <c>t</c>), its floating-point columns rounded to 9 decimals: DuckDB adds
/// doubles on several threads in no fixed order, so a sum (a handle time, a weighted score) differs between two builds
/// of the same data in its last bits, which is no change. Used to fingerprint partitions and days (count and sum of
/// row hashes) and find those that changed.
/// </summary>
internal static class RowHash
{
    /// <summary>The hash expression over every column of <paramref name="relation"/> but <paramref name="except"/>.</summary>
    public static string Of(DuckDBConnection connection, string relation, IReadOnlyCollection<string>? except = null)
    {
        var columns = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = $"describe select * from {relation}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string name = reader.GetString(0);
            if (except?.Contains(name, StringComparer.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            string column = $"t.\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            columns.Add(reader.GetString(1) is "DOUBLE" or "FLOAT" ? $"round({column}, 9)" : column);
        }

        return $"hash({string.Join(", ", columns)})";
    }
}
