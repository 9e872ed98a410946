using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Generate;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Benchmarks;

/// <summary>
/// Mart build time against data volume: for each number of days, a local store with that many days of generated
/// extracts (prepared once and reused), then, each in its own process, our full build (models, data tests, Parquet
/// export, atomic publish) and DuckDB alone executing the same model SQL (no tests, no export). The slope in seconds
/// per million contacts shows whether cost grows linearly.
/// </summary>
public static class BuildBenchmark
{
    public const string Full = "full";
    public const string ModelsOnly = "models-only";

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
    public static Measurement Run(string engine, string storeRoot, int days)
    {
        string lake = Path.Combine(storeRoot, StoreContainers.Lake);
        string mart = Path.Combine(storeRoot, "bench-mart-" + engine);
        var options = new MartOptions { LakeDirectory = lake, MartDirectory = mart };
        long contacts = CountContacts(lake);
        var clock = Stopwatch.StartNew();
        switch (engine)
        {
            case Full:
                MartBuilder.Build(options);
                break;
            case ModelsOnly:
                RunModelsOnly(options);
                break;
            default:
                throw new ArgumentException($"unknown engine '{engine}' (use {Full} or {ModelsOnly})");
        }

        return new Measurement(engine, days, clock.Elapsed.TotalSeconds, IngestBenchmark.PeakMemoryMb(), contacts);
    }

    public static string Report(IReadOnlyList<Measurement> measurements)
    {
        var report = new StringBuilder();
        report.AppendLine($"{"days",5} {"contacts",11} {"full s",8} {"models s",9} {"full/models",12} {"peak MiB",9} {"s per M contacts",17}");
        var rows = measurements.GroupBy(m => m.Days).OrderBy(g => g.Key).Select(g => new
        {
            Days = g.Key,
            Contacts = g.First().Contacts,
            Full = Median(g.Where(m => m.Engine == Full)),
            Models = Median(g.Where(m => m.Engine == ModelsOnly)),
            Peak = g.Where(m => m.Engine == Full).Max(m => m.PeakMemoryMb),
        }).ToList();
        foreach (var row in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{row.Days,5} {row.Contacts,11:N0} {row.Full,8:0.00} {row.Models,9:0.00} {row.Full / row.Models,12:0.00} {row.Peak,9:0} {row.Full / (row.Contacts / 1e6),17:0.00}");
        }

        var slopes = rows.Zip(rows.Skip(1), (a, b) => Math.Round((b.Full - a.Full) / ((b.Contacts - a.Contacts) / 1e6), 2)).ToList();
        var summary = new Dictionary<string, object>
        {
            ["days"] = rows.Select(r => r.Days).ToArray(),
            ["contacts"] = rows.Select(r => r.Contacts).ToArray(),
            ["full_seconds"] = rows.Select(r => Math.Round(r.Full, 2)).ToArray(),
            ["models_only_seconds"] = rows.Select(r => Math.Round(r.Models, 2)).ToArray(),
            ["ratio"] = rows.Select(r => Math.Round(r.Full / r.Models, 2)).ToArray(),
            ["slope_seconds_per_million_contacts"] = slopes,
            ["peak_memory_mb"] = rows.Select(r => Math.Round(r.Peak)).ToArray(),
        };
        report.Append(JsonSerializer.Serialize(summary));
        return report.ToString();
    }

    private static double Median(IEnumerable<Measurement> measurements)
    {
        var sorted = measurements.Select(m => m.Seconds).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>DuckDB executing the model SQL in dependency order, in memory: no data tests, no export, no publish.</summary>
    private static void RunModelsOnly(MartOptions options)
    {
        string sqlRoot = SqlDirectoryLocator.Find();
        KpiRegistry registry = KpiRegistry.Load(Path.Combine(sqlRoot, "kpis.yml"));
        IReadOnlyList<SqlModel> models = ModelCatalog.Discover(sqlRoot, MartBuilder.CreateTemplate(options.LakeDirectory, registry));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        MartBuilder.Configure(connection, options);
        SeedTables.Load(connection, registry, null);
        new ModelRunner(connection).Run(models, SeedTables.Relations);
    }

    private static long CountContacts(string lake)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"select count(*) from read_parquet('{lake.Replace("'", "''")}/telephony/contacts/*/*.parquet')";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
