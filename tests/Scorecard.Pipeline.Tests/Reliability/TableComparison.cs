using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Compares two lakes or two marts table by table with DuckDB: <c>EXCEPT ALL</c> both ways, so a missing, extra or
/// duplicated row is a difference. Ignored, and only these: <c>extract_id</c> (the ingest time plus a random suffix,
/// different on every run by design) and the last bits of floating-point values (rounded to 9 decimals; sums of doubles
/// depend on the order DuckDB's threads add them in).
/// </summary>
public static class TableComparison
{
    public const string IgnoredColumn = "extract_id";

    /// <summary>Differences between the lakes of two local-folder stores, one line per dataset that differs.</summary>
    public static List<string> LakeDifferences(string rootA, string rootB)
    {
        var differences = new List<string>();
        foreach (DatasetContract contract in ExtractContracts.All)
        {
            string? a = Relation(Path.Combine(rootA, StoreContainers.Lake, contract.Source, contract.Name));
            string? b = Relation(Path.Combine(rootB, StoreContainers.Lake, contract.Source, contract.Name));
            if (a is null || b is null)
            {
                if (a != b)
                {
                    differences.Add($"{contract.Id}: in one lake only");
                }

                continue;
            }

            differences.AddRange(Compare(contract.Id, a, b));
        }

        return differences;
    }

    /// <summary>Differences between the lake partitions (<c>source/dataset/extract_date=...</c>) of two local-folder stores.</summary>
    public static List<string> PartitionDifferences(string rootA, string rootB, IEnumerable<string> partitions) =>
        [.. partitions.SelectMany(partition => Compare(partition,
            $"read_parquet('{StoreInvariants.Quote(Path.Combine(rootA, StoreContainers.Lake, partition))}/*.parquet')",
            $"read_parquet('{StoreInvariants.Quote(Path.Combine(rootB, StoreContainers.Lake, partition))}/*.parquet')"))];

    /// <summary>Differences between two mart folders: the same tables, each with the same rows.</summary>
    public static List<string> MartDifferences(string martA, string martB)
    {
        static SortedSet<string> Tables(string mart) => new(
            Directory.GetDirectories(mart).Where(d => MartTable(mart, Path.GetFileName(d)) is not null).Select(Path.GetFileName)!,
            StringComparer.Ordinal);

        SortedSet<string> tablesA = Tables(martA);
        SortedSet<string> tablesB = Tables(martB);
        var differences = new List<string>();
        if (!tablesA.SetEquals(tablesB))
        {
            differences.Add($"tables differ: [{string.Join(", ", tablesA)}] vs [{string.Join(", ", tablesB)}]");
        }

        Assert.True(tablesA.Count >= 10, $"only {tablesA.Count} mart tables in {martA}");
        foreach (string table in tablesA.Intersect(tablesB))
        {
            differences.AddRange(Compare(table, MartTable(martA, table)!, MartTable(martB, table)!));
        }

        return differences;
    }

    /// <summary>Differences between each mart table's Parquet file and the same table in <c>scorecard_mart.duckdb</c>.</summary>
    public static List<string> ParquetAgainstDatabase(string mart)
    {
        var differences = new List<string>();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        StoreInvariants.Scalar(connection, $"attach '{StoreInvariants.Quote(Path.Combine(mart, MartBuilder.DatabaseFileName))}' as built (read_only)");
        using DuckDBCommand list = connection.CreateCommand();
        list.CommandText = "select schema_name, table_name from duckdb_tables() where database_name = 'built' and schema_name in ('marts', 'scorecard')";
        var tables = new List<(string Schema, string Table)>();
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        long views = Convert.ToInt64(StoreInvariants.Scalar(connection, "select count(*) from duckdb_views() where database_name = 'built' and schema_name in ('marts', 'scorecard')"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(tables.Count + views >= 10, $"only {tables.Count} tables and {views} views in the mart database");
        foreach ((string schema, string table) in tables)
        {
            if (MartTable(mart, table) is not { } parquet)
            {
                differences.Add($"{schema}.{table}: no {table}/data.parquet nor partitions");
                continue;
            }

            differences.AddRange(Compare(table, parquet, $"built.{schema}.{table}", connection));
        }

        return differences;
    }

    /// <summary>A mart table's Parquet as a relation: its one <c>data.parquet</c>, or every partition's (each file holds
    /// every column, so no Hive columns are added), or null when the table has no files.</summary>
    public static string? MartTable(string mart, string table)
    {
        string folder = Path.Combine(mart, table);
        if (File.Exists(Path.Combine(folder, "data.parquet")))
        {
            return $"read_parquet('{StoreInvariants.Quote(Path.Combine(folder, "data.parquet"))}')";
        }

        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "data.parquet", SearchOption.AllDirectories).Any()
            ? $"read_parquet('{StoreInvariants.Quote(folder)}/*/data.parquet', hive_partitioning = false)"
            : null;
    }

    private static string? Relation(string datasetFolder) =>
        Directory.Exists(datasetFolder) && Directory.EnumerateFiles(datasetFolder, "*.parquet", SearchOption.AllDirectories).Any()
            ? $"read_parquet('{StoreInvariants.Quote(datasetFolder)}/*/*.parquet', hive_partitioning = true, union_by_name = true)"
            : null;

    private static List<string> Compare(string name, string relationA, string relationB, DuckDBConnection? shared = null)
    {
        DuckDBConnection connection = shared ?? new DuckDBConnection("Data Source=:memory:");
        try
        {
            if (shared is null)
            {
                connection.Open();
            }

            StoreInvariants.Scalar(connection, "set TimeZone = 'UTC'");
            string columns = SelectList(connection, relationA);
            string a = $"select {columns} from {relationA}";
            string b = $"select {columns} from {relationB}";
            long onlyA = Convert.ToInt64(StoreInvariants.Scalar(connection, $"select count(*) from ({a} except all {b})"));
            long onlyB = Convert.ToInt64(StoreInvariants.Scalar(connection, $"select count(*) from ({b} except all {a})"));
            long rows = Convert.ToInt64(StoreInvariants.Scalar(connection, $"select count(*) from {relationA}"));
            return onlyA == 0 && onlyB == 0 ? [] : [$"{name}: {onlyA} of {rows} row(s) only in the first, {onlyB} only in the second"];
        }
        finally
        {
            if (shared is null)
            {
                connection.Dispose();
            }
        }
    }

    private static string SelectList(DuckDBConnection connection, string relation)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"select column_name, column_type from (describe select * from {relation})";
        var columns = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string column = reader.GetString(0);
            string type = reader.GetString(1);
            if (column == IgnoredColumn)
            {
                continue;
            }

            string quoted = $"\"{column.Replace("\"", "\"\"")}\"";
            columns.Add(type is "DOUBLE" or "FLOAT" ? $"round({quoted}, 9) as {quoted}" : quoted);
        }

        return string.Join(", ", columns);
    }
}
