using System.Text.Json;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// What must hold in a local-folder store at any moment, even right after a crash, and what must hold once every
/// extract has been ingested: checked on the files themselves with DuckDB and System.Text.Json, not through our code.
/// </summary>
public static class StoreInvariants
{
    private static readonly string[] PublishedContainers =
        [StoreContainers.Lake, StoreContainers.Quarantine, StoreContainers.Mart, StoreContainers.State];

    /// <summary>Every Parquet file in lake/ and mart/ opens and reads to its last value; the mart database opens.</summary>
    public static void AssertEveryParquetFileReadsWhole(string root)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        foreach (string container in new[] { StoreContainers.Lake, StoreContainers.Mart })
        {
            string folder = Path.Combine(root, container);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories))
            {
                // Hashing every row's text forces every column of every row group to be decoded.
                try
                {
                    Scalar(connection, $"select count(*), md5(string_agg(cast(t as varchar), '|')) from read_parquet('{Quote(file)}') as t");
                }
                catch (DuckDBException e)
                {
                    Assert.Fail($"{Path.GetRelativePath(root, file)} does not read whole: {e.Message}");
                }
            }
        }

        string database = Path.Combine(root, StoreContainers.Mart, MartBuilder.DatabaseFileName);
        if (File.Exists(database))
        {
            using var mart = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
            mart.Open();
            Assert.True(Convert.ToInt64(Scalar(mart, "select count(*) from duckdb_tables()")) > 0, $"{database} has no tables");
        }
    }

    /// <summary>Every state/ document is whole JSON (no half-written audit record, pointer or marker); lock blobs are empty by design.</summary>
    public static void AssertEveryStateDocumentParses(string root)
    {
        string state = Path.Combine(root, StoreContainers.State);
        int documents = 0;
        string locks = Path.Combine(state, "locks") + Path.DirectorySeparatorChar;
        foreach (string file in Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(locks, StringComparison.Ordinal)))
        {
            try
            {
                using JsonDocument _ = JsonDocument.Parse(File.ReadAllBytes(file));
                documents++;
            }
            catch (JsonException e)
            {
                Assert.Fail($"{Path.GetRelativePath(root, file)} is not whole JSON: {e.Message}");
            }
        }

        Assert.True(documents > 0, "state/ holds no documents at all");
    }

    /// <summary>No temporary name (the local store's <c>.tmp</c>, the build's <c>.building</c>) in a published container.</summary>
    public static void AssertNoTemporaryNames(string root, bool includingMart = true)
    {
        foreach (string container in PublishedContainers.Where(c => includingMart || c != StoreContainers.Mart))
        {
            string folder = Path.Combine(root, container);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var leaked = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(MartBuilder.TemporarySuffix, StringComparison.Ordinal)
                    || f.EndsWith(".wal", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(root, f))
                .ToList();
            Assert.True(leaked.Count == 0, $"temporary files visible in {container}/: {string.Join(", ", leaked)}");
        }
    }

    /// <summary>
    /// Each partition (dataset and date) holds exactly one extract, made from <paramref name="currentLanding"/>'s file
    /// for it: its lake rows plus its quarantined rows equal that file's rows, no row twice, no key twice.
    /// </summary>
    public static void AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(string root, IReadOnlyCollection<string> currentLanding)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        foreach (string landingPath in currentLanding)
        {
            LandingPath path = LandingPath.Parse(landingPath);
            Assert.True(partitions.Add(path.Partition), $"two current files for {path.Partition}");
            string lakeFolder = Path.Combine(root, StoreContainers.Lake, path.Partition);
            string[] lakeFiles = Directory.Exists(lakeFolder) ? Directory.GetFiles(lakeFolder) : [];
            Assert.True(lakeFiles.Length == 1, $"{path.Partition}: expected one extract in the lake, found {lakeFiles.Length}: {string.Join(", ", lakeFiles.Select(Path.GetFileName))}");
            string lakeFile = lakeFiles[0];
            string extractId = Path.GetFileNameWithoutExtension(lakeFile);

            string quarantineFolder = Path.Combine(root, StoreContainers.Quarantine, path.Partition);
            string[] quarantineFiles = Directory.Exists(quarantineFolder) ? Directory.GetFiles(quarantineFolder) : [];
            Assert.True(quarantineFiles.All(f => Path.GetFileNameWithoutExtension(f) == extractId),
                $"{path.Partition}: quarantine files of other extracts: {string.Join(", ", quarantineFiles.Select(Path.GetFileName))}");

            long inputRows = CountCsvRows(Path.Combine(root, StoreContainers.Landing, landingPath));
            long lakeRows = Convert.ToInt64(Scalar(connection, $"select count(*) from read_parquet('{Quote(lakeFile)}')"));
            long quarantined = quarantineFiles.Sum(CountCsvRows);
            Assert.True(lakeRows + quarantined == inputRows,
                $"{path.Partition}: {lakeRows} lake + {quarantined} quarantined rows, but {landingPath} has {inputRows}");

            string from = $"read_parquet('{Quote(lakeFile)}')";
            if (lakeRows > 0)
            {
                Assert.Equal(landingPath, Convert.ToString(Scalar(connection, $"select string_agg(distinct source_file, ', ') from {from}")));
            }

            Assert.Equal(0L, Convert.ToInt64(Scalar(connection, $"select count(*) - count(distinct source_row_number) from {from}")));
            string key = string.Join(", ", path.Contract.Key);
            Assert.Equal(0L, Convert.ToInt64(Scalar(connection, $"select count(*) - count(distinct ({key})) from {from}")));
        }

        string lake = Path.Combine(root, StoreContainers.Lake);
        int lakePartitions = Directory.Exists(lake)
            ? Directory.EnumerateFiles(lake, "*.parquet", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Distinct().Count()
            : 0;
        Assert.Equal(partitions.Count, lakePartitions);
    }

    /// <summary>Rows of a CSV file: non-blank lines after the header (the generated and corrected files quote nothing).</summary>
    public static long CountCsvRows(string file) => File.ReadLines(file).Skip(1).LongCount(line => line.Length > 0);

    internal static object? Scalar(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static string Quote(string path) => path.Replace("'", "''");
}
