using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Scorecard.SampleData;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Benchmarks;

/// <summary>
/// Mart build time against data volume: for each number of days, a local store with that many days of generated
/// extracts (prepared once and reused), then, each in its own process, our full build (models, data tests, Parquet
/// export, atomic publish), DuckDB alone executing the same model SQL (no tests, no export), and an incremental build
/// of the last day on top of a mart built from the days before it. The slope in seconds per million contacts shows
/// whether cost grows linearly; incremental / full how much a daily build saves.
/// </summary>
public static class BuildBenchmark
{
    public const string Full = "full";
    public const string ModelsOnly = "models-only";
    public const string Incremental = "incremental";

    /// <summary>Untimed: builds the mart of all days but the last, the starting point of <see cref="Incremental"/>.</summary>
    public const string IncrementalSetup = "incremental-setup";

    /// <summary>The incremental day published to blob storage (Azurite): the lake staged from it, the previous
    /// database downloaded, the changed files uploaded. Measured with <c>--azurite</c>.</summary>
    public const string IncrementalBlob = "incremental-blob";

    /// <summary>Untimed: uploads all days but the last to blob storage and publishes their mart, then uploads the last day.</summary>
    public const string IncrementalBlobSetup = "incremental-blob-setup";

    public static IReadOnlyList<string> Engines { get; } = [Full, ModelsOnly, IncrementalSetup, Incremental];

    public static IReadOnlyList<string> BlobEngines { get; } = [IncrementalBlobSetup, IncrementalBlob];

    /// <summary>The publisher's phases that move bytes to and from blob storage.</summary>
    private static readonly HashSet<string> PublisherPhases = ["lake staged", "previous mart downloaded", "upload"];

    /// <summary>One measured build: wall and CPU time, peak memory (the worst phase), the memory limit it ran with, each
    /// phase (<see cref="BuildPhase"/>: time, CPU, peak RSS, .NET heap, DuckDB memory, store bytes), and the bytes read
    /// from and written to the store.</summary>
    public sealed record Measurement(string Engine, int Days, double Seconds, double PeakMemoryMb, long Contacts,
        double CpuSeconds = 0, int MemoryLimitMb = 0, int InstanceMemoryMb = 0, long StoreBytesRead = 0, long StoreBytesWritten = 0,
        int FilesWritten = 0, int AffectedDates = 0, IReadOnlyList<BuildPhase>? Phases = null, IReadOnlyList<string>? SlowestSteps = null);

    /// <summary>Generates and ingests <paramref name="days"/> days into <c>work/build-&lt;days&gt;d</c> unless already there.</summary>
    public static async Task<string> PrepareAsync(string work, int days, int contactsPerDay, IProgress<string>? progress, CancellationToken cancellationToken = default)
    {
        string root = Path.Combine(work, $"build-{days}d-{contactsPerDay}");
        string ready = Path.Combine(root, ".prepared");
        if (File.Exists(ready))
        {
            return root;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var store = new LocalFolderStore(root);
        var clock = Stopwatch.StartNew();
        await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 1, 1),
            Days = days,
            Agents = Math.Clamp(contactsPerDay / 180, 20, GeneratorOptions.MaxAgents),
            ContactsPerDay = contactsPerDay,
        }, null, cancellationToken);
        progress?.Report($"{days} day(s): generated in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        IReadOnlyList<IngestResult> results = await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync(null, cancellationToken);
        if (results.Any(r => r.Status == IngestStatus.Rejected))
        {
            throw new InvalidOperationException("generated data was rejected: " + results.First(r => r.Status == IngestStatus.Rejected).Message);
        }

        progress?.Report($"{days} day(s): ingested in {clock.Elapsed.TotalSeconds:0.0} s");
        await File.WriteAllTextAsync(ready, DateTimeOffset.UtcNow.ToString("O"), cancellationToken);
        return root;
    }

    /// <summary>One measurement in this process, on a prepared store, with the memory limit an instance of
    /// <paramref name="instanceMemoryMb"/> gets (<see cref="MartOptions.InstanceMemoryMb"/>).</summary>
    public static Measurement Run(string engine, string storeRoot, int days, int instanceMemoryMb, string? blobStore = null, IProgress<string>? progress = null)
    {
        string lake = Path.Combine(storeRoot, StoreContainers.Lake);
        string mart = Path.Combine(storeRoot, "bench-mart-" + (engine == IncrementalSetup ? Incremental : engine));
        var options = new MartOptions { LakeDirectory = lake, MartDirectory = mart, FullRebuild = engine == Full, InstanceMemoryMb = instanceMemoryMb };
        long contacts = CountContacts(lake);
        string incrementalLake = Path.Combine(storeRoot, "bench-lake-incremental");
        DiskSync.Flush();
        var clock = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        IReadOnlyList<BuildPhase> phases = [];
        BuildReport? report = null;
        int writtenFiles = 0;
        switch (engine)
        {
            case Full:
                report = MartBuilder.Build(options, progress);
                break;
            case ModelsOnly:
                RunModelsOnly(options);
                phases = [new PhaseMeter().Next("models")];
                break;
            case IncrementalSetup:
                LinkLake(lake, incrementalLake, lastDay: false);
                if (Directory.Exists(mart))
                {
                    Directory.Delete(mart, recursive: true);
                }

                MartBuilder.Build(options.ForFolders(incrementalLake, mart));
                LinkLake(lake, incrementalLake, lastDay: true);
                break;
            case Incremental:
                report = MartBuilder.Build(options.ForFolders(incrementalLake, mart), progress);
                if (!report.IsIncremental)
                {
                    throw new InvalidOperationException($"the build after the last day was not incremental: {report.ModeReason}");
                }

                break;
            case IncrementalBlobSetup:
                BlobSetupAsync(lake, BlobStore(blobStore, days), options).GetAwaiter().GetResult();
                break;
            case IncrementalBlob:
                MartBuildRecord record = new MartPublisher(BlobStore(blobStore, days), options).BuildAsync(TimeSpan.FromMinutes(1), progress).GetAwaiter().GetResult();
                if (record.BuildMode != "incremental")
                {
                    throw new InvalidOperationException($"the blob build after the last day was not incremental: {record.BuildModeReason}");
                }

                phases = record.Phases;
                writtenFiles = record.ParquetWritten.Count;
                break;
            default:
                throw new ArgumentException($"unknown engine '{engine}' (use {string.Join(", ", Engines.Concat(BlobEngines))})");
        }

        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (report is not null)
        {
            phases = report.Phases;
        }

        // On blob storage the store is what the publisher downloads and uploads; the builder's own reads and writes are
        // then of its local work folder.
        IReadOnlyList<BuildPhase> store = engine == IncrementalBlob ? phases.Where(p => PublisherPhases.Contains(p.Name)).ToList() : phases;
        return new Measurement(engine, days, seconds, phases.Count > 0 ? phases.Max(p => p.PeakRssMb) : PhaseMeter.PeakRssMb(), contacts,
            Math.Round(cpuSeconds, 2), options.EffectiveMemoryLimitMb, instanceMemoryMb,
            store.Sum(p => p.StoreBytesRead), store.Sum(p => p.StoreBytesWritten),
            report?.WrittenFiles.Count ?? writtenFiles, report?.AffectedDates.Count ?? 0, phases,
            report is null ? null : report.Models.Select(m => (m.Relation, m.Duration)).Concat(report.Tests.Select(t => (t.Name, t.Duration)))
                .OrderByDescending(s => s.Duration).Take(int.TryParse(Environment.GetEnvironmentVariable("SCORECARD_BENCH_STEPS"), out int steps) ? steps : 10)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Item1} {s.Duration.TotalSeconds:0.00} s")).ToList());
    }

    /// <summary>A blob store (Azurite) whose containers are prefixed per day count, so the benchmark's data stays apart.</summary>
    private static IBlobStore BlobStore(string? connectionString, int days) =>
        connectionString is null
            ? throw new ArgumentException("the blob benchmark needs --azurite <connection string>")
            : new AzureBlobStore(connectionString, string.Create(CultureInfo.InvariantCulture, $"bench{days}d"));

    /// <summary>Uploads every lake file but the last day's, publishes the mart of those days, then uploads the last day's files.</summary>
    private static async Task BlobSetupAsync(string lake, IBlobStore store, MartOptions options)
    {
        await store.EnsureContainersAsync();
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Mart))
        {
            await store.DeleteAsync(StoreContainers.Mart, blob.Path);
        }

        var files = Directory.EnumerateFiles(lake, "*.parquet", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(lake, f).Replace('\\', '/'))).ToList();
        string last = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f.Full)!)).Max(StringComparer.Ordinal)!;
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Lake))
        {
            existing.Add(blob.Path);
        }

        foreach (string path in existing.Where(p => p.Contains(last, StringComparison.Ordinal)))
        {
            await store.DeleteAsync(StoreContainers.Lake, path);
        }

        foreach (var (full, relative) in files.Where(f => !f.Full.Contains(last, StringComparison.Ordinal) && !existing.Contains(f.Relative)))
        {
            await store.UploadFileAsync(StoreContainers.Lake, relative, full);
        }

        await new MartPublisher(store, options).BuildAsync(TimeSpan.FromMinutes(1));
        foreach (var (full, relative) in files.Where(f => f.Full.Contains(last, StringComparison.Ordinal)))
        {
            await store.UploadFileAsync(StoreContainers.Lake, relative, full);
        }
    }

    /// <summary>
    /// Hard-links the lake's files into <paramref name="target"/>: every partition but the last extract date's, or
    /// (<paramref name="lastDay"/>) the last extract date's too, as if that day's extracts had just been ingested.
    /// </summary>
    private static void LinkLake(string lake, string target, bool lastDay)
    {
        var files = Directory.EnumerateFiles(lake, "*.parquet", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(lake, f))).ToList();
        string last = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f.Full)!)).Max(StringComparer.Ordinal)!;
        if (!lastDay && Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        foreach (var (full, relative) in files)
        {
            bool isLast = Path.GetFileName(Path.GetDirectoryName(full)!) == last;
            string link = Path.Combine(target, relative);
            if (isLast != lastDay || File.Exists(link))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            if (HardLink.Create(full, link) != 0)
            {
                File.Copy(full, link);
            }
        }
    }

    public static string Report(IReadOnlyList<Measurement> measurements)
    {
        var report = new StringBuilder();
        report.AppendLine($"{"days",5} {"contacts",11} {"full s",8} {"full CPU s",11} {"alone s",8} {"peak MiB",9} {"s/M contacts",13} {"incr. s",8} {"incr. CPU s",12} {"incr. peak",11} {"incr./full",11} {"CPU ratio",10}");
        var rows = measurements.GroupBy(m => m.Days).OrderBy(g => g.Key).Select(g => new
        {
            Days = g.Key,
            Contacts = g.First().Contacts,
            Full = MedianOf(g, Full),
            Models = MedianOf(g, ModelsOnly),
            Incremental = MedianOf(g, Incremental),
            Blob = MedianOf(g, IncrementalBlob),
        }).ToList();
        foreach (var row in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{row.Days,5} {row.Contacts,11:N0} {row.Full?.Seconds,8:0.00} {row.Full?.CpuSeconds,11:0.00} {row.Models?.Seconds,8:0.00} {row.Full?.PeakMemoryMb,9:0} {row.Full?.Seconds / (row.Contacts / 1e6),13:0.00} {row.Incremental?.Seconds,8:0.00} {row.Incremental?.CpuSeconds,12:0.00} {row.Incremental?.PeakMemoryMb,11:0} {row.Incremental?.Seconds / row.Full?.Seconds,11:0.000} {row.Incremental?.CpuSeconds / row.Full?.CpuSeconds,10:0.000}");
        }

        foreach (var row in rows)
        {
            foreach (Measurement? m in new[] { row.Full, row.Incremental, row.Blob })
            {
                if (m?.Phases is not { Count: > 0 } phases)
                {
                    continue;
                }

                report.AppendLine(CultureInfo.InvariantCulture, $"{row.Days} day(s) {m.Engine} (memory limit {m.MemoryLimitMb} MiB of a {m.InstanceMemoryMb} MiB instance): store read {m.StoreBytesRead / 1048576.0:0.0} MiB, written {m.StoreBytesWritten / 1048576.0:0.0} MiB, {m.FilesWritten} Parquet file(s) written");
                if (m.SlowestSteps is { Count: > 0 } slowest)
                {
                    report.AppendLine("    slowest models and tests: " + string.Join(", ", slowest));
                }

                foreach (BuildPhase phase in phases)
                {
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"    {phase.Name,-26} {phase.Seconds,8:0.00} s {phase.CpuSeconds,8:0.00} CPU s  peak {phase.PeakRssMb,6:0} MiB  .NET heap {phase.ManagedHeapMb,5:0} MiB  DuckDB {phase.DuckDbMb,5:0} MiB  read {phase.StoreBytesRead / 1048576.0,8:0.0} MiB  written {phase.StoreBytesWritten / 1048576.0,8:0.0} MiB");
                }
            }
        }

        // The marginal cost of more data: seconds per extra million contacts between consecutive day counts.
        var slopes = rows.Zip(rows.Skip(1), (a, b) => Math.Round(((b.Full?.Seconds ?? double.NaN) - (a.Full?.Seconds ?? double.NaN)) / ((b.Contacts - a.Contacts) / 1e6), 2)).ToList();
        if (slopes.Count > 0)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"slope (s per extra million contacts, full build): {string.Join(", ", rows.Zip(rows.Skip(1), (a, b) => $"{a.Days}->{b.Days} days").Zip(slopes, (span, slope) => $"{span} {slope:0.00}"))}");
        }

        static double R(double? value, int digits = 2) => value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : 0;
        static object Phases(Measurement? m) => m?.Phases?.ToDictionary(p => p.Name, p => new { seconds = p.Seconds, cpu_seconds = p.CpuSeconds, peak_rss_mb = p.PeakRssMb, dotnet_heap_mb = p.ManagedHeapMb, duckdb_mb = p.DuckDbMb, store_bytes_read = p.StoreBytesRead, store_bytes_written = p.StoreBytesWritten }) ?? [];
        var summary = new Dictionary<string, object>
        {
            ["days"] = rows.Select(r => r.Days).ToArray(),
            ["contacts"] = rows.Select(r => r.Contacts).ToArray(),
            ["instance_memory_mb"] = measurements.Select(m => m.InstanceMemoryMb).FirstOrDefault(),
            ["memory_limit_mb"] = measurements.Select(m => m.MemoryLimitMb).FirstOrDefault(),
            ["full_seconds"] = rows.Select(r => R(r.Full?.Seconds)).ToArray(),
            ["full_cpu_seconds"] = rows.Select(r => R(r.Full?.CpuSeconds)).ToArray(),
            ["models_only_seconds"] = rows.Select(r => R(r.Models?.Seconds)).ToArray(),
            ["ratio"] = rows.Select(r => R(r.Full?.Seconds / r.Models?.Seconds)).ToArray(),
            ["slope_seconds_per_million_contacts"] = slopes,
            ["peak_memory_mb"] = rows.Select(r => R(r.Full?.PeakMemoryMb, 0)).ToArray(),
            ["incremental_seconds"] = rows.Select(r => R(r.Incremental?.Seconds)).ToArray(),
            ["incremental_cpu_seconds"] = rows.Select(r => R(r.Incremental?.CpuSeconds)).ToArray(),
            ["incremental_peak_memory_mb"] = rows.Select(r => R(r.Incremental?.PeakMemoryMb, 0)).ToArray(),
            ["incremental_ratio"] = rows.Select(r => R(r.Incremental?.Seconds / r.Full?.Seconds, 3)).ToArray(),
            ["incremental_cpu_ratio"] = rows.Select(r => R(r.Incremental?.CpuSeconds / r.Full?.CpuSeconds, 3)).ToArray(),
            ["incremental_store_bytes_read"] = rows.Select(r => r.Incremental?.StoreBytesRead ?? 0).ToArray(),
            ["incremental_store_bytes_written"] = rows.Select(r => r.Incremental?.StoreBytesWritten ?? 0).ToArray(),
            ["incremental_files_written"] = rows.Select(r => r.Incremental?.FilesWritten ?? 0).ToArray(),
            ["incremental_affected_dates"] = rows.Select(r => r.Incremental?.AffectedDates ?? 0).ToArray(),
            ["incremental_blob_seconds"] = rows.Select(r => R(r.Blob?.Seconds)).ToArray(),
            ["incremental_blob_store_bytes_read"] = rows.Select(r => r.Blob?.StoreBytesRead ?? 0).ToArray(),
            ["incremental_blob_store_bytes_written"] = rows.Select(r => r.Blob?.StoreBytesWritten ?? 0).ToArray(),
            ["full_phases"] = rows.Select(r => Phases(r.Full)).ToArray(),
            ["incremental_phases"] = rows.Select(r => Phases(r.Incremental)).ToArray(),
            ["incremental_blob_phases"] = rows.Select(r => Phases(r.Blob)).ToArray(),
        };
        report.Append(JsonSerializer.Serialize(summary));
        return report.ToString();
    }

    private static Measurement? MedianOf(IEnumerable<Measurement> measurements, string engine)
    {
        var sorted = measurements.Where(m => m.Engine == engine).OrderBy(m => m.Seconds).ToList();
        return sorted.Count == 0 ? null : sorted[sorted.Count / 2] with { PeakMemoryMb = sorted.Max(m => m.PeakMemoryMb) };
    }

    /// <summary>DuckDB executing the model SQL in dependency order, in memory: no data tests, no export, no publish.</summary>
    private static void RunModelsOnly(MartOptions options)
    {
        string sqlRoot = SqlDirectoryLocator.Find();
        KpiRegistry registry = KpiRegistry.Load(Path.Combine(sqlRoot, "kpis.yml"));
        IReadOnlyList<SqlModel> models = MartBuilder.Discover(sqlRoot, MartBuilder.CreateTemplate(options.LakeDirectory, registry), registry);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        string spill = MartBuilder.Configure(connection, options);
        try
        {
            SeedTables.Load(connection, registry, null, options.Currency);
            new ModelRunner(connection, beforeModel: MartBuilder.BeforeModel(connection, registry, null)).Run(models, SeedTables.Relations);
        }
        finally
        {
            connection.Close();
            Directory.Delete(spill, recursive: true);
        }
    }

    private static long CountContacts(string lake)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"select count(*) from read_parquet({SqlText.PathLiteral(lake + "/telephony/contacts/*/*.parquet")})";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
