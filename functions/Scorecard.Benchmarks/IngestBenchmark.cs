using Scorecard.Pipeline.Mart;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Benchmarks;

/// <summary>
/// One measurement per process of ingesting a contacts CSV: our full ingest, DuckDB's own CSV -> Parquet with one
/// thread and with all cores, and the floor (reading the bytes). The report prints ratios measured in the same run.
/// </summary>
public static class IngestBenchmark
{
    public const string Ours = "ours";
    public const string DuckDbOneThread = "duckdb-1t";
    public const string DuckDbAllCores = "duckdb-all";
    public const string Floor = "floor";

    /// <summary>Interleaving order within one repetition.</summary>
    public static readonly IReadOnlyList<string> Engines = [Floor, DuckDbOneThread, Ours, DuckDbAllCores];

    /// <summary>One run: wall seconds of the work, CPU seconds of the whole process (user + system), peak RSS.</summary>
    public sealed record Measurement(string Engine, double Seconds, double PeakMemoryMb, long OutputBytes, long Rows, double CpuSeconds = 0);

    public static async Task<Measurement> RunAsync(string engine, string input, string work, CancellationToken cancellationToken = default)
    {
        string output = Path.Combine(work, $"out-{engine}.parquet");
        File.Delete(output);
        var clock = Stopwatch.StartNew();
        long rows;
        long bytes = 0;
        switch (engine)
        {
            case Floor:
                rows = CountLines(input) - 1;
                break;
            case DuckDbOneThread or DuckDbAllCores:
                rows = DuckDbCopy(input, output, engine == DuckDbOneThread ? 1 : Environment.ProcessorCount);
                bytes = new FileInfo(output).Length;
                break;
            case Ours:
                (rows, bytes) = await OursAsync(input, work, cancellationToken);
                break;
            default:
                throw new ArgumentException($"unknown engine '{engine}' (use {string.Join(", ", Engines)})");
        }

        double seconds = clock.Elapsed.TotalSeconds;
        return new Measurement(engine, seconds, PeakMemoryMb(), bytes, rows, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
    }

    /// <summary>The Parquet file our last run wrote (the lake file in the benchmark's store).</summary>
    public static string OursOutput(string work) =>
        Directory.EnumerateFiles(Path.Combine(work, "store-ours", StoreContainers.Lake), "*.parquet", SearchOption.AllDirectories).Single();

    /// <summary>DuckDB's one-thread output of the last run.</summary>
    public static string DuckDbOutput(string work) => Path.Combine(work, $"out-{DuckDbOneThread}.parquet");

    /// <summary>
    /// The report: a table of medians, then one JSON line. <paramref name="scan"/> (KPI queries over both files) and
    /// <paramref name="smallRun"/> (our peak memory on a smaller file, to show memory is flat in file size) are optional.
    /// </summary>
    public static string Report(
        long rows, long inputBytes, IReadOnlyDictionary<string, List<Measurement>> results,
        KpiScanBenchmark.Measurement? scan = null, (long Rows, List<Measurement> Runs)? smallRun = null)
    {
        Measurement Median(string engine)
        {
            var sorted = results[engine].OrderBy(m => m.Seconds).ToList();
            Measurement mid = sorted[sorted.Count / 2];
            return mid with { PeakMemoryMb = results[engine].Max(m => m.PeakMemoryMb) };
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Ingest benchmark: {rows:N0} rows, {inputBytes / 1e6:N1} MB CSV, medians of {results[Ours].Count} interleaved runs, peak = worst run");
        report.AppendLine($"{"engine",-11} {"seconds",8} {"rows/s",12} {"MB/s",8} {"CPU s",7} {"peak MiB",9} {"output MB",10}");
        foreach (string engine in Engines)
        {
            Measurement m = Median(engine);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{engine,-11} {m.Seconds,8:0.000} {rows / m.Seconds,12:N0} {inputBytes / 1e6 / m.Seconds,8:N0} {m.CpuSeconds,7:0.00} {m.PeakMemoryMb,9:0} {(m.OutputBytes > 0 ? (m.OutputBytes / 1e6).ToString("N1", CultureInfo.InvariantCulture) : "-"),10}");
        }

        Measurement ours = Median(Ours);
        Measurement one = Median(DuckDbOneThread);
        Measurement all = Median(DuckDbAllCores);
        var summary = new Dictionary<string, object>
        {
            ["rows"] = rows,
            ["ours_rows_per_s"] = Math.Round(rows / ours.Seconds),
            ["duckdb_1t_rows_per_s"] = Math.Round(rows / one.Seconds),
            ["duckdb_all_rows_per_s"] = Math.Round(rows / all.Seconds),
            ["floor_rows_per_s"] = Math.Round(rows / Median(Floor).Seconds),
            ["ratio"] = Math.Round(one.Seconds / ours.Seconds, 3),
            ["ratio_all"] = Math.Round(all.Seconds / ours.Seconds, 3),
            ["peak_memory_mb"] = Math.Round(ours.PeakMemoryMb, 1),
            ["size_ratio"] = Math.Round((double)ours.OutputBytes / one.OutputBytes, 3),
            ["ours_cpu_s"] = Math.Round(ours.CpuSeconds, 2),
            ["duckdb_1t_cpu_s"] = Math.Round(one.CpuSeconds, 2),
        };
        if (scan is not null)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"KPI queries ({KpiScanBenchmark.Queries.Count}, DuckDB, all cores, median of {scan.Repetitions}): our Parquet {scan.OursMs:0} ms, DuckDB's {scan.DuckDbMs:0} ms");
            summary["scan_ours_ms"] = Math.Round(scan.OursMs, 1);
            summary["scan_duckdb_ms"] = Math.Round(scan.DuckDbMs, 1);
            summary["scan_ratio"] = Math.Round(scan.DuckDbMs / scan.OursMs, 3);
        }

        if (smallRun is { } small)
        {
            double smallPeak = small.Runs.Max(m => m.PeakMemoryMb);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"Peak memory, worst run: {small.Rows:N0} rows {smallPeak:0} MiB, {rows:N0} rows {ours.PeakMemoryMb:0} MiB");
            summary["peak_memory_small_rows"] = small.Rows;
            summary["peak_memory_small_mb"] = Math.Round(smallPeak, 1);
            summary["peak_memory_diff_mb"] = Math.Round(ours.PeakMemoryMb - smallPeak, 1);
        }
        report.Append(JsonSerializer.Serialize(summary));
        return report.ToString();
    }

    private static async Task<(long Rows, long Bytes)> OursAsync(string input, string work, CancellationToken cancellationToken)
    {
        // A fresh local store whose landing blob is the input file itself (a hard link: no copy, same page cache).
        string root = Path.Combine(work, "store-ours");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        const string landing = "telephony/contacts/2025-03-03/contacts.csv";
        string landed = Path.Combine(root, StoreContainers.Landing, landing);
        Directory.CreateDirectory(Path.GetDirectoryName(landed)!);
        if (HardLink.Create(input, landed) != 0)
        {
            File.Copy(input, landed);
        }

        var store = new LocalFolderStore(root);
        await store.EnsureContainersAsync(cancellationToken);
        IngestResult result = await new ExtractIngestor(store, new IngestOptions()).IngestAsync(landing, null, cancellationToken);
        if (result.Audit is not { Status: IngestStatus.Ingested } audit)
        {
            throw new InvalidOperationException($"ingest did not complete: {result.Message}");
        }

        BlobEntry lake = (await store.GetAsync(StoreContainers.Lake, audit.LakePath!, cancellationToken))!;
        return (audit.RowsRead, lake.Size);
    }

    private static long DuckDbCopy(string input, string output, int threads)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        string columns = string.Join(", ", ExtractContracts.Contacts.Columns.Select(c => $"'{c.Name}': '{DuckDbType(c.Kind)}'"));
        command.CommandText =
            $"SET threads={threads}; SET TimeZone='UTC'; " +
            $"COPY (SELECT * FROM read_csv({SqlText.PathLiteral(input)}, header = true, columns = {{{columns}}})) " +
            $"TO {SqlText.PathLiteral(output)} (FORMAT parquet, COMPRESSION snappy);";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT count(*) FROM read_parquet({SqlText.PathLiteral(output)})";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string DuckDbType(ColumnKind kind) => kind switch
    {
        ColumnKind.Timestamp => "TIMESTAMPTZ",
        ColumnKind.Integer => "INTEGER",
        ColumnKind.Date => "DATE",
        ColumnKind.Decimal => "DECIMAL(18,4)",
        ColumnKind.Boolean => "BOOLEAN",
        _ => "VARCHAR",
    };

    private static long CountLines(string input)
    {
        using var handle = File.OpenHandle(input);
        byte[] buffer = new byte[1 << 20];
        long offset = 0;
        long lines = 0;
        int n;
        while ((n = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            lines += buffer.AsSpan(0, n).Count((byte)'\n');
            offset += n;
        }

        return lines;
    }

    /// <summary>The process's peak resident set (VmHWM) in MiB, or the managed peak where /proc is missing.</summary>
    public static double PeakMemoryMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line[6..].Trim().Split(' ')[0], out long kb))
            {
                return kb / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
