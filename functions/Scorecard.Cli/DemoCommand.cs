using System.CommandLine;
using System.Globalization;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class DemoCommand
{
    /// <summary>Months of history the demo generates by default: enough for the page's changes and trend lines to carry data.</summary>
    public const int DefaultMonths = 6;

    private static readonly Option<int> Months = new("--months")
    {
        Description = $"Whole months of extracts, ending with last month, when neither --start nor --days is given. Default {DefaultMonths}.",
        DefaultValueFactory = _ => DefaultMonths,
    };

    public static Command Create()
    {
        var command = new Command("demo",
            "Run the whole pipeline locally on generated sample data: generate six months of extracts (so the scorecard's " +
            "changes and trend lines have history; --months to change), ingest them " +
            "into the lake, build the mart, print the centre's scorecard for the latest month and where everything " +
            "is. Takes the options of 'generate'.")
        {
            GenerateCommand.Days, Months, GenerateCommand.Agents, GenerateCommand.ContactsPerDay, GenerateCommand.Seed,
            GenerateCommand.Start, GenerateCommand.Gzip,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            Console.WriteLine($"1/3 Generating sample extracts into {store.Location}");
            await GenerateCommand.RunAsync(parse, store, parse.GetValue(Months), cancellationToken);

            Console.WriteLine();
            Console.WriteLine("2/3 Ingesting landing/ into the lake");
            var ingestor = new ExtractIngestor(store, CommonOptions.IngestOptionsFromEnvironment());
            var progress = new ProgressPrinter();
            IReadOnlyList<IngestResult> results = await ingestor.IngestPendingAsync(progress, cancellationToken);
            progress.Clear();
            int code = IngestCommand.Report(store, results);

            Console.WriteLine();
            Console.WriteLine("3/3 Building the mart");
            MartBuildRecord build = await BuildCommand.RunAsync(store, 60, cancellationToken);
            await using (MartFile mart = await MartFile.OpenAsync(store, cancellationToken))
            {
                ScorecardSummary? summary = ScorecardSummaryReader.ReadLatest(mart.Directory);
                PrintScorecard(summary);
                if (summary is not null)
                {
                    IntradayPrinter.Print(mart.Directory, summary.PeriodStart);
                }
            }

            if (build.Exports?.FirstOrDefault(e => e.EndsWith(".html", StringComparison.Ordinal)) is { } page)
            {
                Console.WriteLine($"  Scorecard page (open it in a browser): {page}");
            }

            Console.WriteLine();
            Console.WriteLine("Where things are:");
            foreach (string container in StoreContainers.All)
            {
                Console.WriteLine($"  {container,-11} {Describe(store, container)}");
            }

            return build.Succeeded ? code : 1;
        });
        return command;
    }

    private static string Describe(IBlobStore store, string container)
    {
        string where = store is AzureBlobStore azure ? azure.ContainerUrl(container) : Path.Combine(store.Location, container);
        string what = container switch
        {
            StoreContainers.Landing => "extracts as delivered",
            StoreContainers.Lake => "typed Parquet, lake/<source>/<dataset>/extract_date=<date>/",
            StoreContainers.Quarantine => "rows that failed validation, with reasons (CSV)",
            StoreContainers.Mart => "scorecard_mart.duckdb (DuckDB: run it from this folder; BI tools: sql/README.md) and each table as Parquet",
            StoreContainers.Exports => "scorecard exports",
            _ => "audit records and ingest bookkeeping (JSON)",
        };
        return $"{where,-40} {what}";
    }

    private static void PrintScorecard(ScorecardSummary? summary)
    {
        Console.WriteLine();
        if (summary is null)
        {
            Console.WriteLine("The mart has no scorecard yet.");
            return;
        }

        Console.WriteLine($"Centre scorecard, {summary.PeriodStart:MMMM yyyy} (overall score {Format(summary.OverallScore, "")} of 100):");
        string[] order = ["financial", "customer", "internal_process", "learning_growth"];
        foreach (var perspective in summary.Lines.GroupBy(l => l.Perspective).OrderBy(g => Array.IndexOf(order, g.Key)))
        {
            Console.WriteLine($"  {perspective.Key.Replace('_', ' ')} (score {Format(summary.PerspectiveScores.GetValueOrDefault(perspective.Key), "")})");
            foreach (ScorecardLine line in perspective)
            {
                string status = line.Status ?? (line.Value is null ? "no data" : line.Target is null ? "no target" : "not scored");
                Console.WriteLine($"    {line.Label,-46} {Format(line.Value, line.Unit, line.Currency),12}  target {Format(line.Target, line.Unit, line.Currency),9}  {status.ToUpperInvariant()}");
            }
        }

        Console.WriteLine("  Status: GREEN on target, AMBER near it, RED off it. Every KPI's definition: 'scorecard kpis'.");
    }

    private static string Format(double? value, string unit, string? currency = null) => value is not { } v ? "-" : unit switch
    {
        "%" or "percent" => v.ToString("0.0", CultureInfo.InvariantCulture) + " %",
        "s" or "seconds" => v.ToString("0", CultureInfo.InvariantCulture) + " s",
        "currency" => v.ToString("#,0.00", CultureInfo.InvariantCulture) + (currency is null ? "" : " " + currency),
        _ => v.ToString(Math.Abs(v) >= 100 ? "#,0" : "0.##", CultureInfo.InvariantCulture) + (unit is "" or "count" or "currency" ? "" : " " + unit),
    };
}
