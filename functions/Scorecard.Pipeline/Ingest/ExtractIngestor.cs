using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scorecard.Pipeline.Mapping;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Ingests landing extracts into the lake: validate each row, write good rows as typed Parquet to
/// <c>lake/&lt;source&gt;/&lt;dataset&gt;/extract_date=&lt;date&gt;/&lt;extract-id&gt;.parquet</c>, bad rows with their reasons to
/// <c>quarantine/</c>, and an audit record to <c>state/</c>. Idempotent: the same bytes again change nothing; a
/// corrected extract for the same dataset and date replaces the earlier one. The same code serves the CLI and the
/// function app.
/// </summary>
/// <remarks>
/// Contract extracts (<c>landing/&lt;source&gt;/&lt;dataset&gt;/&lt;date&gt;/</c>) and real-world exports under
/// <c>landing/mapped/&lt;mapping&gt;/&lt;date&gt;/</c> take one path: the name becomes a <see cref="LandingDelivery"/>; a blob
/// already processed at its version is skipped (<see cref="AlreadyProcessedAsync"/>); its bytes are read through
/// <see cref="GuardedContent"/>; a mapped export first runs through its mapping into one contract CSV per dataset;
/// then each dataset is one <see cref="IngestAttempt"/>: parsed, then published or rejected with one audit record.
/// </remarks>
public sealed class ExtractIngestor(IBlobStore store, IngestOptions options)
{
    /// <summary>Where custom mappings live in the store: <c>state/mappings/&lt;name&gt;.yml</c> (a built-in name wins).</summary>
    public const string MappingsFolder = "mappings";

    /// <summary>How long an ingest waits for another ingest of the same dataset and date to finish publishing.</summary>
    private static readonly TimeSpan PublishLockWait = TimeSpan.FromMinutes(5);

    /// <summary>Ingests every landing blob not yet ingested at its current version, oldest delivery first.</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestPendingAsync(
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var blobs = new List<BlobEntry>();
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Landing, "", cancellationToken))
        {
            blobs.Add(blob);
        }

        var results = new List<IngestResult>();
        foreach (BlobEntry blob in blobs.OrderBy(b => b.LastModified).ThenBy(b => b.Path, StringComparer.Ordinal))
        {
            results.AddRange(await IngestAllAsync(blob.Path, progress, cancellationToken));
        }

        return results;
    }

    /// <summary>Ingests one landing blob (path inside the <c>landing</c> container). For a mapped export, which can
    /// feed several datasets, the result sums them up; <see cref="IngestAllAsync"/> gives one result per dataset.</summary>
    public async Task<IngestResult> IngestAsync(
        string landingPath, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<IngestResult> all = await IngestAllAsync(landingPath, progress, cancellationToken);
        if (!MappedLandingPath.Matches(landingPath))
        {
            return all[0];
        }

        IngestResult first = all.FirstOrDefault(r => r.Status == IngestStatus.Rejected)
            ?? all.FirstOrDefault(r => r.Status == IngestStatus.Ingested) ?? all[0];
        return first with { Message = string.Join("; ", all.Select(r => $"{r.Audit?.Dataset ?? r.LandingPath}: {r.Message}")) };
    }

    /// <summary>Ingests one landing blob: one result for a contract extract, one per dataset fed for a mapped export.</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestAllAsync(
        string landingPath, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        LandingDelivery delivery;
        try
        {
            delivery = await ReadNameAsync(landingPath, cancellationToken);
        }
        catch (Exception e) when (e is RejectedExtractException or MappingDefinitionException)
        {
            return [await RejectNameAsync(landingPath, e is RejectedExtractException r ? r.Reason : e.Message, started, clock, cancellationToken)];
        }

        BlobEntry blob = await store.GetAsync(StoreContainers.Landing, delivery.Path, cancellationToken)
            ?? throw new BlobNotFoundException(StoreContainers.Landing, delivery.Path);
        string markerPath = $"landing-index/{delivery.Path}.json";
        if (await AlreadyProcessedAsync(delivery.Path, markerPath, blob, cancellationToken) is { } done)
        {
            return [done];
        }

        IngestAttempt Attempt(LandingPath dataset) =>
            new(delivery.Path, dataset, blob, NewExtractId(started, $"{delivery.Path}#{dataset.Contract.Id}", blob.Version), started, clock);

        string work = ScratchFolders.Create(options.TempDirectory, delivery.Mapping is null ? "scorecard-ingest" : "scorecard-mapped");
        try
        {
            if (delivery.Mapping is null)
            {
                // One dataset: the attempt marks the blob itself, inside its publish lock (see PublishAsync).
                IngestAttempt attempt = Attempt(delivery.Datasets[0]) with { MarkerPath = markerPath };
                return [await IngestDatasetAsync(attempt, await OpenLandingAsync(delivery, cancellationToken), delivery.IsCompressed, work, progress, cancellationToken)];
            }

            var results = new List<IngestResult>();
            (MappingRun? run, string? rejection) = await RunMappingAsync(delivery, delivery.Mapping, work, cancellationToken);
            foreach (LandingPath dataset in delivery.Datasets)
            {
                MappedDataset? mapped = run?.Datasets.Single(d => d.Contract == dataset.Contract);
                IngestAttempt attempt = Attempt(dataset) with
                {
                    Mapped = new MappedAudit(delivery.Mapping.Name, run?.RowsRead ?? 0, mapped?.Dropped ?? new Dictionary<string, long>(), mapped?.Problems ?? 0),
                };
                results.Add(mapped is null
                    ? await RejectAsync(attempt, rejection!, cancellationToken)
                    : await IngestDatasetAsync(attempt, File.OpenRead(mapped.File), compressed: false, work, progress, cancellationToken));
            }

            IngestStatus status = results.Any(r => r.Status == IngestStatus.Rejected) ? IngestStatus.Rejected
                : results.Any(r => r.Status == IngestStatus.Ingested) ? IngestStatus.Ingested
                : IngestStatus.Unchanged;
            await MarkAsync(markerPath, blob, status, string.Join(",", results.Select(r => r.ExtractId)), cancellationToken);
            return results;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The mapping named <paramref name="name"/>: built-in, else <c>state/mappings/&lt;name&gt;.yml</c>; null when neither exists.</summary>
    public async Task<SourceMapping?> FindMappingAsync(string name, CancellationToken cancellationToken = default)
    {
        if (BuiltinMappings.Find(name) is { } builtin)
        {
            return builtin;
        }

        string path = $"{MappingsFolder}/{name}.yml";
        if (await store.GetAsync(StoreContainers.State, path, cancellationToken) is null)
        {
            return null;
        }

        await using Stream stream = await store.OpenReadAsync(StoreContainers.State, path, cancellationToken);
        using var reader = new StreamReader(stream);
        return SourceMappingReader.Read($"state/{path}", await reader.ReadToEndAsync(cancellationToken));
    }

    /// <summary>The store lock that serialises publication per dataset and date, e.g. <c>ingest-telephony-contacts-2026-10-01</c>.</summary>
    internal static string PublishLockName(LandingPath path)
    {
        string name = $"ingest-{path.Contract.Source}-{path.Contract.Name}-{path.DateText}".ToLowerInvariant();
        return new string([.. name.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-')]);
    }

    private async Task<LandingDelivery> ReadNameAsync(string landingPath, CancellationToken cancellationToken)
    {
        if (!MappedLandingPath.Matches(landingPath))
        {
            return LandingDelivery.Contract(LandingPath.Parse(landingPath));
        }

        MappedLandingPath path = MappedLandingPath.Parse(landingPath);
        SourceMapping mapping = await FindMappingAsync(path.Mapping, cancellationToken)
            ?? throw new RejectedExtractException(
                $"blob name '{path.Path}': no mapping '{path.Mapping}' (built-in: {string.Join(", ", BuiltinMappings.All.Select(m => m.Name))}; " +
                $"custom ones go to state/{MappingsFolder}/<name>.yml)");
        return LandingDelivery.Mapped(path, mapping);
    }

    private Task<Stream> OpenLandingAsync(LandingDelivery delivery, CancellationToken cancellationToken) =>
        store.OpenReadAsync(StoreContainers.Landing, delivery.Path, cancellationToken);

    /// <summary>Runs a mapped export through its mapping into one contract CSV per dataset in <paramref name="work"/>;
    /// a file the mapping cannot read as a whole gives the reason instead.</summary>
    private async Task<(MappingRun? Run, string? Rejection)> RunMappingAsync(
        LandingDelivery delivery, SourceMapping mapping, string work, CancellationToken cancellationToken)
    {
        try
        {
            await using GuardedContent content = GuardedContent.Open(await OpenLandingAsync(delivery, cancellationToken), delivery.IsCompressed, options);
            return (await new MappingRunner(mapping, options).RunAsync(content.Content, work, cancellationToken), null);
        }
        catch (RejectedExtractException e)
        {
            return (null, e.Reason);
        }
        catch (InvalidDataException e)
        {
            return (null, $"the compressed data is corrupt ({e.Message})");
        }
    }

    /// <summary>Parses one contract CSV (a landing blob, or a file a mapping wrote) into the work folder, then publishes
    /// it under the dataset's lock, or rejects it whole.</summary>
    private async Task<IngestResult> IngestDatasetAsync(
        IngestAttempt attempt, Stream raw, bool compressed, string work, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        LandingPath path = attempt.Target;
        ParseOutcome outcome;
        string contentHash;
        var pseudonymizer = new Pseudonymizer(options.PseudonymKey);
        await using (GuardedContent content = GuardedContent.Open(raw, compressed, options))
        {
            try
            {
                using StreamReader text = content.OpenText();
                await using var parquet = new FileStream(Path.Combine(work, "lake.parquet"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                await using var quarantineText = new StreamWriter(Path.Combine(work, "quarantine.csv"), false, new UTF8Encoding(false), 1 << 16);
                var parser = new ExtractParser(path.Contract, options, pseudonymizer)
                {
                    SourceRowField = attempt.Mapped is null ? null : ContractCsvWriter.SourceRowColumn,
                    ProblemField = attempt.Mapped is null ? null : ContractCsvWriter.ProblemColumn,
                };
                outcome = await parser.ParseAsync(
                    text, attempt.ExtractId, path.Path, parquet, Path.Combine(work, "keys.bin"),
                    (header, pseudonymFields) => new QuarantineWriter(quarantineText, path.Path, header, pseudonymFields, pseudonymizer),
                    rows => progress?.Report(new IngestProgress(path.Path, rows, content.BytesRead, attempt.Blob!.Size)),
                    cancellationToken);
                contentHash = await content.FinishAsync(cancellationToken);
            }
            catch (RejectedExtractException e)
            {
                return await RejectAsync(attempt, e.Reason, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                return await RejectAsync(attempt, $"the compressed data is corrupt ({e.Message})", cancellationToken);
            }
        }

        // Publish under a lock per dataset and date: two ingests of the same partition at once (a duplicate event
        // handled by two instances, or two `scorecard ingest` runs) would otherwise each delete the other's extract.
        // Parsing above runs unlocked, so extracts of different partitions, or duplicates, still parse in parallel.
        await using (await store.AcquireLockAsync(PublishLockName(path), PublishLockWait, cancellationToken))
        {
            if (attempt.MarkerPath is not null
                && await AlreadyProcessedAsync(path.Path, attempt.MarkerPath, attempt.Blob!, cancellationToken) is { } done)
            {
                return done;
            }

            return await PublishAsync(attempt, work, outcome, contentHash, cancellationToken);
        }
    }

    private async Task<IngestResult> PublishAsync(
        IngestAttempt attempt, string work, ParseOutcome outcome, string contentHash, CancellationToken cancellationToken)
    {
        LandingPath path = attempt.Target;
        string pointerPath = $"extracts/{path.Contract.Source}/{path.Contract.Name}/{path.DateText}.json";
        ExtractPointer? current = await StateDocuments.ReadAsync<ExtractPointer>(store, pointerPath, cancellationToken);
        if (current is not null && current.ContentHash == contentHash)
        {
            // A run that died after writing the pointer may have left the extracts it replaced: finish its clean-up.
            await RemoveOtherExtractsAsync(path.Partition, current.ExtractId, cancellationToken);
            await MarkAsync(attempt, IngestStatus.Unchanged, current.ExtractId, cancellationToken);
            return new IngestResult(IngestStatus.Unchanged, path.Path, current.ExtractId, null,
                $"same content as the current extract {current.ExtractId}: nothing changed");
        }

        // Publish in an order that is safe to interrupt: data first, then the audit, then the pointer, then clean-up.
        // A run killed before the pointer leaves an extract no pointer names; the rerun replaces it like any other.
        string extractId = attempt.ExtractId;
        string lakePath = $"{path.Partition}/{extractId}.parquet";
        await store.UploadFileAsync(StoreContainers.Lake, lakePath, Path.Combine(work, "lake.parquet"), cancellationToken);
        string? quarantinePath = null;
        if (outcome.RowsQuarantined > 0)
        {
            quarantinePath = $"{path.Partition}/{extractId}.csv";
            await store.UploadFileAsync(StoreContainers.Quarantine, quarantinePath, Path.Combine(work, "quarantine.csv"), cancellationToken);
        }

        FaultPoint.Reached(FaultPoint.IngestAfterLakeUpload);
        List<string> replaced = await FindOtherExtractsAsync(StoreContainers.Lake, path.Partition, extractId, cancellationToken);
        AuditRecord audit = attempt.Audit(IngestStatus.Ingested) with
        {
            ContentHash = contentHash,
            RowsRead = outcome.RowsRead,
            RowsWritten = outcome.RowsWritten,
            RowsQuarantined = outcome.RowsQuarantined,
            BlankLines = outcome.BlankLines,
            UnknownColumns = outcome.UnknownColumns,
            MissingOptionalColumns = outcome.MissingOptionalColumns,
            LakePath = lakePath,
            QuarantinePath = quarantinePath,
            ReplacedExtractIds = replaced,
            SourceRows = attempt.Mapped?.SourceRows,
            RowsDropped = attempt.Mapped?.RowsDropped,
            MappingProblems = attempt.Mapped?.Problems,
        };
        await StateDocuments.WriteAsync(store, attempt.AuditPath, audit, cancellationToken);
        FaultPoint.Reached(FaultPoint.IngestAfterAudit);
        await StateDocuments.WriteAsync(store, pointerPath, new ExtractPointer(extractId, contentHash, path.Path, DateTimeOffset.UtcNow), cancellationToken);
        FaultPoint.Reached(FaultPoint.IngestAfterPointer);
        await RemoveOtherExtractsAsync(path.Partition, extractId, cancellationToken);
        FaultPoint.Reached(FaultPoint.IngestAfterCleanup);
        await MarkAsync(attempt, IngestStatus.Ingested, extractId, cancellationToken);

        string replacedText = replaced.Count > 0 ? $"; replaced {string.Join(", ", replaced)}" : "";
        return new IngestResult(IngestStatus.Ingested, path.Path, extractId, audit,
            $"{outcome.RowsRead:N0} rows: {outcome.RowsWritten:N0} to the lake, {outcome.RowsQuarantined:N0} quarantined{replacedText}");
    }

    /// <summary>Records an attempt rejected whole: its audit record, and its landing marker when it has one.</summary>
    private async Task<IngestResult> RejectAsync(IngestAttempt attempt, string reason, CancellationToken cancellationToken)
    {
        AuditRecord audit = attempt.Audit(IngestStatus.Rejected, reason);
        await StateDocuments.WriteAsync(store, attempt.AuditPath, audit, cancellationToken);
        await MarkAsync(attempt, IngestStatus.Rejected, attempt.ExtractId, cancellationToken);
        return new IngestResult(IngestStatus.Rejected, attempt.Dataset?.Path ?? attempt.LandingPath, attempt.ExtractId, audit, $"rejected: {reason}");
    }

    /// <summary>A blob whose name is not an extract's. One that exists is remembered by a hash of its name, so scans of
    /// landing/ skip it until it changes.</summary>
    private async Task<IngestResult> RejectNameAsync(
        string landingPath, string reason, DateTimeOffset started, Stopwatch clock, CancellationToken cancellationToken)
    {
        BlobEntry? blob = null;
        try
        {
            blob = await store.GetAsync(StoreContainers.Landing, landingPath, cancellationToken);
        }
        catch (InvalidBlobPathException)
        {
            // Not even a valid blob path (e.g. '..'): nothing to remember it by.
        }

        string? markerPath = blob is null ? null
            : $"landing-index/_invalid-names/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(landingPath)))[..32]}.json";
        if (markerPath is not null && await AlreadyProcessedAsync(landingPath, markerPath, blob!, cancellationToken) is { } done)
        {
            return done;
        }

        var attempt = new IngestAttempt(landingPath, null, blob, NewExtractId(started, landingPath, blob?.Version ?? ""), started, clock) { MarkerPath = markerPath };
        return await RejectAsync(attempt, reason, cancellationToken);
    }

    /// <summary>The one "already processed" rule: a landing blob whose marker names its current version is not read
    /// again, whatever the outcome was (ingested, unchanged or rejected).</summary>
    private async Task<IngestResult?> AlreadyProcessedAsync(string landingPath, string markerPath, BlobEntry blob, CancellationToken cancellationToken) =>
        await StateDocuments.ReadAsync<LandingMarker>(store, markerPath, cancellationToken) is { } marker && marker.LandingVersion == blob.Version
            ? new IngestResult(IngestStatus.AlreadyIngested, landingPath, marker.ExtractId, null,
                $"already processed at this version ({marker.Status.ToString().ToLowerInvariant()}, {marker.ExtractId})")
            : null;

    private Task MarkAsync(IngestAttempt attempt, IngestStatus status, string extractId, CancellationToken cancellationToken) =>
        attempt.MarkerPath is null ? Task.CompletedTask : MarkAsync(attempt.MarkerPath, attempt.Blob!, status, extractId, cancellationToken);

    private Task MarkAsync(string markerPath, BlobEntry blob, IngestStatus status, string extractId, CancellationToken cancellationToken) =>
        StateDocuments.WriteAsync(store, markerPath, new LandingMarker(blob.Version, status, extractId, DateTimeOffset.UtcNow), cancellationToken);

    /// <summary>Deletes every lake and quarantine file of the partition but those of <paramref name="keepId"/>.</summary>
    private async Task RemoveOtherExtractsAsync(string partition, string keepId, CancellationToken cancellationToken)
    {
        foreach (string old in await FindOtherExtractsAsync(StoreContainers.Lake, partition, keepId, cancellationToken))
        {
            await store.DeleteAsync(StoreContainers.Lake, $"{partition}/{old}.parquet", cancellationToken);
        }

        foreach (string old in await FindOtherExtractsAsync(StoreContainers.Quarantine, partition, keepId, cancellationToken))
        {
            await store.DeleteAsync(StoreContainers.Quarantine, $"{partition}/{old}.csv", cancellationToken);
        }
    }

    private async Task<List<string>> FindOtherExtractsAsync(string container, string partition, string extractId, CancellationToken cancellationToken)
    {
        string extension = container == StoreContainers.Lake ? ".parquet" : ".csv";
        var ids = new List<string>();
        await foreach (BlobEntry entry in store.ListAsync(container, partition + "/", cancellationToken))
        {
            string id = Path.GetFileNameWithoutExtension(entry.Path);
            if (entry.Path.EndsWith(extension, StringComparison.Ordinal) && id != extractId)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>Ingest time (so ids sort by delivery) then 12 hex characters that make it unique.</summary>
    private static string NewExtractId(DateTimeOffset at, string landingPath, string version)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(8);
        byte[] digest = SHA256.HashData([.. Encoding.UTF8.GetBytes(landingPath + "\n" + version + "\n"), .. salt]);
        return at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(digest)[..12];
    }
}
