using System.CommandLine;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mapping;
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
            Description = $"One extract to ingest, as its path in the landing container ({LandingPath.Layout}, or " +
                $"{MappedLandingPath.Layout} for a real-world export read through a source mapping). With --mapping: a " +
                "local file to land and ingest. Omit it to ingest every landing blob not ingested yet.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var mapping = MappingOption.Create(required: false);
        var date = new Option<DateOnly?>("--date")
        {
            Description = "With --mapping: the extract date of the file (yyyy-mm-dd), the date folder it lands in. Default: today (UTC).",
        };
        var command = new Command("ingest",
            "Validate extracts and write them to the lake as typed, partitioned Parquet. Bad rows go to quarantine/ " +
            "with their reasons, a file that cannot be read is rejected whole, and an audit record per extract goes " +
            $"to state/. --mapping NAME FILE lands a real-world export (e.g. an ACD or CRM export) under " +
            "landing/mapped/NAME/DATE/ and ingests it through that source mapping. " +
            $"Exit codes: 0 done, {SomeRejected} done but some extract was rejected, 1 error.")
        {
            path, mapping, date,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            var ingestor = new ExtractIngestor(store, CommonOptions.IngestOptionsFromEnvironment());
            var progress = new ProgressPrinter();
            IReadOnlyList<IngestResult> results = parse.GetValue(mapping) is { } name
                ? await ingestor.IngestAllAsync(await LandMappedAsync(store, ingestor, name, parse.GetValue(path), parse.GetValue(date), cancellationToken), progress, cancellationToken)
                : parse.GetValue(path) is { } one
                ? await ingestor.IngestAllAsync(one, progress, cancellationToken)
                : await ingestor.IngestPendingAsync(progress, cancellationToken);
            progress.Clear();
            return Report(store, results);
        });
        return command;
    }

    /// <summary>Copies a local file to <c>landing/mapped/&lt;mapping&gt;/&lt;date&gt;/&lt;file&gt;</c> (and a custom mapping file to
    /// <c>state/mappings/</c>, so later re-ingests find it) and returns its landing path.</summary>
    private static async Task<string> LandMappedAsync(
        IBlobStore store, ExtractIngestor ingestor, string name, string? file, DateOnly? date, CancellationToken cancellationToken)
    {
        if (file is null || !File.Exists(file))
        {
            throw new FileNotFoundException(file is null ? "--mapping needs the file to ingest" : $"{Path.GetFullPath(file)} does not exist");
        }

        SourceMapping? mapping = MappingOption.ResolveLocal(name);
        if (mapping is null && await ingestor.FindMappingAsync(name, cancellationToken) is null)
        {
            throw new InvalidOperationException(MappingOption.Unknown(name));
        }

        string mappingName = mapping?.Name ?? name;
        if (mapping is not null && BuiltinMappings.Find(mappingName) is null)
        {
            await store.UploadFileAsync(StoreContainers.State, $"{ExtractIngestor.MappingsFolder}/{mappingName}.yml", name, cancellationToken);
        }

        string day = (date ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string landing = $"{MappedLandingPath.Prefix}{mappingName}/{day}/{Path.GetFileName(file)}";
        try
        {
            MappedLandingPath.Parse(landing);
        }
        catch (RejectedExtractException e)
        {
            throw new InvalidOperationException(e.Reason);
        }

        await store.UploadFileAsync(StoreContainers.Landing, landing, file, cancellationToken);
        Console.Error.WriteLine($"  landed {file} as landing/{landing}");
        return landing;
    }

    public static int Report(IBlobStore store, IReadOnlyList<IngestResult> results)
    {
        // Every extract that needs a look gets its own line; clean ones are summed per dataset.
        foreach (IngestResult result in results.Where(r => r.Status == IngestStatus.Rejected || r.Audit?.RowsQuarantined > 0))
        {
            Console.WriteLine($"{Label(result.Status),-10} {result.LandingPath}: {result.Message}");
        }

        foreach (AuditRecord mapped in results.Select(r => r.Audit).OfType<AuditRecord>().Where(a => a.Mapping is not null && a.Status == IngestStatus.Ingested))
        {
            string dropped = string.Join("; ", (mapped.RowsDropped ?? new Dictionary<string, long>()).Select(d => $"{d.Value:N0} {d.Key}"));
            Console.WriteLine($"mapped     {mapped.LandingPath} -> {mapped.Dataset} ({mapped.Mapping}): {mapped.SourceRows:N0} source rows = " +
                $"{mapped.RowsRead:N0} mapped + {(mapped.RowsDropped?.Values.Sum() ?? 0):N0} dropped{(dropped.Length > 0 ? $" ({dropped})" : "")}");
        }

        var audits = results.Where(r => r.Audit is { Status: IngestStatus.Ingested }).Select(r => r.Audit!).ToList();
        if (audits.Count > 0)
        {
            Console.WriteLine($"  {"dataset",-22} {"extracts",9} {"rows read",12} {"to the lake",12} {"quarantined",12}");
            foreach (var dataset in audits.GroupBy(a => a.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {dataset.Key,-22} {dataset.Count(),9:N0} {dataset.Sum(a => a.RowsRead),12:N0} {dataset.Sum(a => a.RowsWritten),12:N0} {dataset.Sum(a => a.RowsQuarantined),12:N0}");
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
