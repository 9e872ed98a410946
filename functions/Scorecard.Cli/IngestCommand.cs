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
        foreach (IngestResult result in results.Where(r => r.Status != IngestStatus.AlreadyIngested))
        {
            Console.WriteLine($"{Label(result.Status),-10} {result.LandingPath}: {result.Message}");
        }

        var audits = results.Where(r => r.Audit is { Status: IngestStatus.Ingested }).Select(r => r.Audit!).ToList();
        int rejected = results.Count(r => r.Status == IngestStatus.Rejected);
        int skipped = results.Count(r => r.Status is IngestStatus.AlreadyIngested or IngestStatus.Unchanged);
        Console.WriteLine(
            $"{audits.Count} extract(s) ingested, {skipped} unchanged or already ingested, {rejected} rejected; " +
            $"rows: {audits.Sum(a => a.RowsRead):N0} read = {audits.Sum(a => a.RowsWritten):N0} to the lake + " +
            $"{audits.Sum(a => a.RowsQuarantined):N0} quarantined.");
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
