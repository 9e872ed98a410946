using System.CommandLine;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo",
            "Run the whole pipeline locally on generated sample data: generate a month of extracts, ingest them " +
            "into the lake, and print where everything is. Takes the options of 'generate'.")
        {
            GenerateCommand.Days, GenerateCommand.Agents, GenerateCommand.ContactsPerDay, GenerateCommand.Seed,
            GenerateCommand.Start, GenerateCommand.Gzip,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            Console.WriteLine($"1/2 Generating sample extracts into {store.Location}");
            await GenerateCommand.RunAsync(parse, store, cancellationToken);

            Console.WriteLine();
            Console.WriteLine("2/2 Ingesting landing/ into the lake");
            var ingestor = new ExtractIngestor(store, CommonOptions.IngestOptionsFromEnvironment());
            var progress = new ProgressPrinter();
            IReadOnlyList<IngestResult> results = await ingestor.IngestPendingAsync(progress, cancellationToken);
            progress.Clear();
            int code = IngestCommand.Report(store, results);

            Console.WriteLine();
            Console.WriteLine("Where things are:");
            foreach (string container in StoreContainers.All)
            {
                Console.WriteLine($"  {container,-11} {Describe(store, container)}");
            }

            return code;
        });
        return command;
    }

    private static string Describe(IBlobStore store, string container) => container switch
    {
        StoreContainers.Landing => $"{store.Location}/landing    extracts as delivered",
        StoreContainers.Lake => $"{store.Location}/lake       typed Parquet, lake/<source>/<dataset>/extract_date=<date>/",
        StoreContainers.Quarantine => $"{store.Location}/quarantine rows that failed validation, with reasons (CSV)",
        StoreContainers.Mart => $"{store.Location}/mart       the DuckDB mart (built by 'scorecard build')",
        StoreContainers.Exports => $"{store.Location}/exports    scorecard exports",
        _ => $"{store.Location}/state      audit records and ingest bookkeeping (JSON)",
    };
}
