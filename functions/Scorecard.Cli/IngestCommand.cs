using System.CommandLine;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class IngestCommand
{
    /// <summary>Exit code when the run finished but some extract was rejected whole.</summary>
    public const int SomeRejected = 2;

    public static Command Create()
    {
        var path = new Argument<string?>("landing-path")
        {
            Description = $"One extract to ingest, as its path in the landing container ({LandingPath.Layout}). " +
                "Omit it to ingest every landing blob not ingested yet.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("ingest",
            "Validate extracts and write them to the lake as typed, partitioned Parquet. Bad rows go to quarantine/ " +
            "with their reasons, a file that cannot be read is rejected whole, and an audit record per extract goes " +
            $"to state/. Exit codes: 0 done, {SomeRejected} done but some extract was rejected, 1 error.")
        {
            path,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            var ingestor = new ExtractIngestor(store, CommonOptions.IngestOptionsFromEnvironment());
            var progress = new ProgressPrinter();
            IReadOnlyList<IngestResult> results = parse.GetValue(path) is { } one
                ? [await ingestor.IngestAsync(one, progress, cancellationToken)]
                : await ingestor.IngestPendingAsync(progress, cancellationToken);
            progress.Clear();
            return Report(store, results);
        });
        return command;
    }

    public static int Report(IBlobStore store, IReadOnlyList<IngestResult> results)
    {
        // Every extract that needs a look gets its own line; clean ones are summed per dataset.
        foreach (IngestResult result in results.Where(r => r.Status == IngestStatus.Rejected || r.Audit?.RowsQuarantined > 0))
        {
            Console.WriteLine($"{Label(result.Status),-10} {result.LandingPath}: {result.Message}");
        }

        var audits = results.Where(r => r.Audit is { Status: IngestStatus.Ingested }).Select(r => r.Audit!).ToList();
        if (audits.Count > 0)
        {
            Console.WriteLine($"  {"dataset",-20} {"extracts",9} {"rows read",12} {"to the lake",12} {"quarantined",12}");
            foreach (var dataset in audits.GroupBy(a => a.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {dataset.Key,-20} {dataset.Count(),9:N0} {dataset.Sum(a => a.RowsRead),12:N0} {dataset.Sum(a => a.RowsWritten),12:N0} {dataset.Sum(a => a.RowsQuarantined),12:N0}");
            }
        }

        int rejected = results.Count(r => r.Status == IngestStatus.Rejected);
        int skipped = results.Count(r => r.Status is IngestStatus.AlreadyIngested or IngestStatus.Unchanged);
        Console.WriteLine(
            $"{audits.Count} extract(s) ingested, {skipped} unchanged or already ingested, {rejected} rejected; " +
            $"rows: {audits.Sum(a => a.RowsRead):N0} read = {audits.Sum(a => a.RowsWritten):N0} to the lake + " +
            $"{audits.Sum(a => a.RowsQuarantined):N0} quarantined.");
        if (rejected > 0 || audits.Any(a => a.RowsQuarantined > 0))
        {
            Console.WriteLine("Reasons per row: quarantine/<source>/<dataset>/extract_date=<date>/<extract-id>.csv; per extract: state/audit/.");
        }

        Console.WriteLine($"Store: {store.Location}");
        return rejected > 0 ? SomeRejected : 0;
    }

    private static string Label(IngestStatus status) => status switch
    {
        IngestStatus.Ingested => "ingested",
        IngestStatus.Unchanged => "unchanged",
        IngestStatus.Rejected => "REJECTED",
        _ => "skipped",
    };
}
