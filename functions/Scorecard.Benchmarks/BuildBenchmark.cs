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

    public static IReadOnlyList<string> Engines { get; } = [Full, ModelsOnly, IncrementalSetup, Incremental];

    public sealed record Measurement(string Engine, int Days, double Seconds, double PeakMemoryMb, long Contacts);

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

    /// <summary>One measurement in this process, on a prepared store.</summary>
    public static Measurement Run(string engine, string storeRoot, int days, IProgress<string>? progress = null)
    {
        string lake = Path.Combine(storeRoot, StoreContainers.Lake);
        string mart = Path.Combine(storeRoot, "bench-mart-" + (engine == IncrementalSetup ? Incremental : engine));
        var options = new MartOptions { LakeDirectory = lake, MartDirectory = mart, FullRebuild = engine == Full };
        long contacts = CountContacts(lake);
        string incrementalLake = Path.Combine(storeRoot, "bench-lake-incremental");
        var clock = Stopwatch.StartNew();
        switch (engine)
        {
            case Full:
                MartBuilder.Build(options, progress);
                break;
            case ModelsOnly:
                RunModelsOnly(options);
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
                BuildReport report = MartBuilder.Build(options.ForFolders(incrementalLake, mart), progress);
                if (!report.IsIncremental)
                {
                    throw new InvalidOperationException($"the build after the last day was not incremental: {report.ModeReason}");
                }

                break;
            default:
                throw new ArgumentException($"unknown engine '{engine}' (use {string.Join(", ", Engines)})");
        }

        return new Measurement(engine, days, clock.Elapsed.TotalSeconds, IngestBenchmark.PeakMemoryMb(), contacts);
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
        report.AppendLine($"{"days",5} {"contacts",11} {"full s",8} {"DuckDB alone s",15} {"full/alone",11} {"peak MiB",9} {"s per M contacts",17} {"incremental s",14} {"incr. peak MiB",15} {"incr./full",11}");
        var rows = measurements.GroupBy(m => m.Days).OrderBy(g => g.Key).Select(g => new
        {
            Days = g.Key,
            Contacts = g.First().Contacts,
            Full = Median(g.Where(m => m.Engine == Full)),
            Models = Median(g.Where(m => m.Engine == ModelsOnly)),
            Incremental = Median(g.Where(m => m.Engine == Incremental)),
            Peak = g.Where(m => m.Engine == Full).Max(m => m.PeakMemoryMb),
            IncrementalPeak = g.Where(m => m.Engine == Incremental).Select(m => m.PeakMemoryMb).DefaultIfEmpty(double.NaN).Max(),
        }).ToList();
        foreach (var row in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{row.Days,5} {row.Contacts,11:N0} {row.Full,8:0.00} {row.Models,15:0.00} {row.Full / row.Models,11:0.00} {row.Peak,9:0} {row.Full / (row.Contacts / 1e6),17:0.00} {row.Incremental,14:0.00} {row.IncrementalPeak,15:0} {row.Incremental / row.Full,11:0.000}");
        }

        // The marginal cost of more data: seconds per extra million contacts between consecutive day counts.
        var slopes = rows.Zip(rows.Skip(1), (a, b) => Math.Round((b.Full - a.Full) / ((b.Contacts - a.Contacts) / 1e6), 2)).ToList();
        if (slopes.Count > 0)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"slope (s per extra million contacts, full build): {string.Join(", ", rows.Zip(rows.Skip(1), (a, b) => $"{a.Days}->{b.Days} days").Zip(slopes, (span, slope) => $"{span} {slope:0.00}"))}");
        }

        var summary = new Dictionary<string, object>
        {
            ["days"] = rows.Select(r => r.Days).ToArray(),
            ["contacts"] = rows.Select(r => r.Contacts).ToArray(),
            ["full_seconds"] = rows.Select(r => Math.Round(r.Full, 2)).ToArray(),
            ["models_only_seconds"] = rows.Select(r => Math.Round(r.Models, 2)).ToArray(),
            ["ratio"] = rows.Select(r => Math.Round(r.Full / r.Models, 2)).ToArray(),
            ["slope_seconds_per_million_contacts"] = slopes,
            ["peak_memory_mb"] = rows.Select(r => Math.Round(r.Peak)).ToArray(),
            ["incremental_seconds"] = rows.Select(r => Math.Round(r.Incremental, 2)).ToArray(),
            ["incremental_peak_memory_mb"] = rows.Select(r => double.IsNaN(r.IncrementalPeak) ? 0 : Math.Round(r.IncrementalPeak)).ToArray(),
            ["incremental_ratio"] = rows.Select(r => Math.Round(r.Incremental / r.Full, 3)).ToArray(),
        };
        report.Append(JsonSerializer.Serialize(summary));
        return report.ToString();
    }

    private static double Median(IEnumerable<Measurement> measurements)
    {
        var sorted = measurements.Select(m => m.Seconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    /// <summary>DuckDB executing the model SQL in dependency order, in memory: no data tests, no export, no publish.</summary>
    private static void RunModelsOnly(MartOptions options)
    {
        string sqlRoot = SqlDirectoryLocator.Find();
        KpiRegistry registry = KpiRegistry.Load(Path.Combine(sqlRoot, "kpis.yml"));
        IReadOnlyList<SqlModel> models = ModelCatalog.Discover(sqlRoot, MartBuilder.CreateTemplate(options.LakeDirectory, registry));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        string spill = MartBuilder.Configure(connection, options);
        try
        {
            SeedTables.Load(connection, registry, null, options.Currency);
            new ModelRunner(connection).Run(models, SeedTables.Relations);
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
