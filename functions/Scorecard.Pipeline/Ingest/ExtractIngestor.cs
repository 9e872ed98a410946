using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
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
public sealed partial class ExtractIngestor(IBlobStore store, IngestOptions options)
{
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
        if (MappedLandingPath.Matches(landingPath))
        {
            IReadOnlyList<IngestResult> all = await IngestMappedAsync(landingPath, progress, cancellationToken);
            IngestResult first = all.FirstOrDefault(r => r.Status == IngestStatus.Rejected)
                ?? all.FirstOrDefault(r => r.Status == IngestStatus.Ingested) ?? all[0];
            return first with { Message = string.Join("; ", all.Select(r => $"{r.Audit?.Dataset ?? r.LandingPath}: {r.Message}")) };
        }

        options.Validate();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        LandingPath path;
        try
        {
            path = LandingPath.Parse(landingPath);
        }
        catch (RejectedExtractException e)
        {
            return await RejectInvalidNameAsync(landingPath, e.Reason, started, cancellationToken);
        }

        BlobEntry blob = await store.GetAsync(StoreContainers.Landing, path.Path, cancellationToken)
            ?? throw new BlobNotFoundException(StoreContainers.Landing, path.Path);
        string markerPath = $"landing-index/{path.Path}.json";
        if (await StateDocuments.ReadAsync<LandingMarker>(store, markerPath, cancellationToken) is { } marker
            && marker.LandingVersion == blob.Version)
        {
            return new IngestResult(IngestStatus.AlreadyIngested, path.Path, marker.ExtractId, null,
                $"already processed at this version ({marker.Status.ToString().ToLowerInvariant()}, {marker.ExtractId})");
        }

        string extractId = NewExtractId(started, path.Path, blob.Version);
        string work = ScratchFolders.Create(options.TempDirectory, "scorecard-ingest");
        try
        {
            return await IngestBlobAsync(path, blob, extractId, work, started, clock, markerPath, progress, cancellationToken);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private Task<IngestResult> IngestBlobAsync(
        LandingPath path, BlobEntry blob, string extractId, string work, DateTimeOffset started, Stopwatch clock,
        string markerPath, IProgress<IngestProgress>? progress, CancellationToken cancellationToken) =>
        IngestContentAsync(path, blob, extractId, work, started, clock, markerPath,
            token => store.OpenReadAsync(StoreContainers.Landing, path.Path, token), path.IsCompressed, null, progress, cancellationToken);

    /// <summary>Parses one contract CSV (a landing blob, or a file a mapping wrote) and publishes it. A null
    /// <paramref name="markerPath"/> leaves the landing marker to the caller (a mapped blob feeds several datasets).</summary>
    private async Task<IngestResult> IngestContentAsync(
        LandingPath path, BlobEntry blob, string extractId, string work, DateTimeOffset started, Stopwatch clock,
        string? markerPath, Func<CancellationToken, Task<Stream>> open, bool compressed, MappedAudit? mapped,
        IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        string parquetFile = System.IO.Path.Combine(work, "lake.parquet");
        string quarantineFile = System.IO.Path.Combine(work, "quarantine.csv");
        ParseOutcome outcome;
        string contentHash;
        var pseudonymizer = new Pseudonymizer(options.PseudonymKey);
        await using (var hashing = new HashingReadStream(await open(cancellationToken)))
        {
            try
            {
                Stream content = compressed
                    ? new InflationLimitStream(
                        new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true), () => hashing.BytesRead, options.MaxCompressionRatio)
                    : hashing;
                using var text = new StreamReader(content, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
                await using var parquet = new FileStream(parquetFile, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                await using var quarantineText = new StreamWriter(quarantineFile, false, new UTF8Encoding(false), 1 << 16);
                var parser = new ExtractParser(path.Contract, options, pseudonymizer) { SourceRowField = mapped?.SourceRowField, ProblemField = mapped is null ? null : ContractCsvWriter.ProblemColumn };
                outcome = await parser.ParseAsync(
                    text, extractId, path.Path, parquet, System.IO.Path.Combine(work, "keys.bin"),
                    (header, pseudonymFields) => new QuarantineWriter(quarantineText, path.Path, header, pseudonymFields, pseudonymizer),
                    rows => progress?.Report(new IngestProgress(path.Path, rows, hashing.BytesRead, blob.Size)),
                    cancellationToken);
                if (compressed)
                {
                    await content.DisposeAsync();
                }
            }
            catch (RejectedExtractException e)
            {
                return await RejectAsync(path, blob, extractId, e.Reason, started, clock, markerPath, cancellationToken, mapped);
            }
            catch (InvalidDataException e)
            {
                return await RejectAsync(path, blob, extractId, $"the compressed data is corrupt ({e.Message})", started, clock, markerPath, cancellationToken, mapped);
            }

            contentHash = await hashing.FinishAsync(cancellationToken);
        }

        // Publish under a lock per dataset and date: two ingests of the same partition at once (a duplicate event
        // handled by two instances, or two `scorecard ingest` runs) would otherwise each delete the other's extract.
        // Parsing above runs unlocked, so extracts of different partitions, or duplicates, still parse in parallel.
        await using (await store.AcquireLockAsync(PublishLockName(path), PublishLockWait, cancellationToken))
        {
            if (markerPath is not null
                && await StateDocuments.ReadAsync<LandingMarker>(store, markerPath, cancellationToken) is { } done
                && done.LandingVersion == blob.Version)
            {
                return new IngestResult(IngestStatus.AlreadyIngested, path.Path, done.ExtractId, null,
                    $"already processed at this version ({done.Status.ToString().ToLowerInvariant()}, {done.ExtractId})");
            }

            return await PublishAsync(path, blob, extractId, work, outcome, contentHash, started, clock, markerPath, mapped, cancellationToken);
        }
    }

    private async Task<IngestResult> PublishAsync(
        LandingPath path, BlobEntry blob, string extractId, string work, ParseOutcome outcome, string contentHash,
        DateTimeOffset started, Stopwatch clock, string? markerPath, MappedAudit? mapped, CancellationToken cancellationToken)
    {
        string pointerPath = $"extracts/{path.Contract.Source}/{path.Contract.Name}/{path.DateText}.json";
        ExtractPointer? current = await StateDocuments.ReadAsync<ExtractPointer>(store, pointerPath, cancellationToken);
        if (current is not null && current.ContentHash == contentHash)
        {
            // A run that died after writing the pointer may have left the extracts it replaced: finish its clean-up.
            await RemoveOtherExtractsAsync(path.Partition, current.ExtractId, cancellationToken);
            if (markerPath is not null)
            {
                await StateDocuments.WriteAsync(store, markerPath,
                    new LandingMarker(blob.Version, IngestStatus.Unchanged, current.ExtractId, DateTimeOffset.UtcNow), cancellationToken);
            }

            return new IngestResult(IngestStatus.Unchanged, path.Path, current.ExtractId, null,
                $"same content as the current extract {current.ExtractId}: nothing changed");
        }

        // Publish in an order that is safe to interrupt: data first, then the audit, then the pointer, then clean-up.
        // A run killed before the pointer leaves an extract no pointer names; the rerun replaces it like any other.
        string lakePath = $"{path.Partition}/{extractId}.parquet";
        await store.UploadFileAsync(StoreContainers.Lake, lakePath, System.IO.Path.Combine(work, "lake.parquet"), cancellationToken);
        string? quarantinePath = null;
        if (outcome.RowsQuarantined > 0)
        {
            quarantinePath = $"{path.Partition}/{extractId}.csv";
            await store.UploadFileAsync(StoreContainers.Quarantine, quarantinePath, System.IO.Path.Combine(work, "quarantine.csv"), cancellationToken);
        }

        FaultPoint.Reached(FaultPoint.IngestAfterLakeUpload);
        List<string> replaced = await FindOtherExtractsAsync(StoreContainers.Lake, path.Partition, extractId, cancellationToken);
        var audit = new AuditRecord
        {
            ExtractId = extractId,
            Status = IngestStatus.Ingested,
            Dataset = path.Contract.Id,
            ExtractDate = path.DateText,
            LandingPath = path.Path,
            LandingVersion = blob.Version,
            ContentHash = contentHash,
            Bytes = blob.Size,
            RowsRead = outcome.RowsRead,
            RowsWritten = outcome.RowsWritten,
            RowsQuarantined = outcome.RowsQuarantined,
            BlankLines = outcome.BlankLines,
            UnknownColumns = outcome.UnknownColumns,
            MissingOptionalColumns = outcome.MissingOptionalColumns,
            LakePath = lakePath,
            QuarantinePath = quarantinePath,
            ReplacedExtractIds = replaced,
            StartedAt = started,
            DurationMs = clock.ElapsedMilliseconds,
            Mapping = mapped?.Mapping,
            SourceRows = mapped?.SourceRows,
            RowsDropped = mapped?.RowsDropped,
            MappingProblems = mapped?.Problems,
        };
        await StateDocuments.WriteAsync(store, AuditPath(path, extractId), audit, cancellationToken);
        FaultPoint.Reached(FaultPoint.IngestAfterAudit);
        await StateDocuments.WriteAsync(store, pointerPath, new ExtractPointer(extractId, contentHash, path.Path, DateTimeOffset.UtcNow), cancellationToken);
        FaultPoint.Reached(FaultPoint.IngestAfterPointer);
        await RemoveOtherExtractsAsync(path.Partition, extractId, cancellationToken);
        FaultPoint.Reached(FaultPoint.IngestAfterCleanup);
        if (markerPath is not null)
        {
            await StateDocuments.WriteAsync(store, markerPath,
                new LandingMarker(blob.Version, IngestStatus.Ingested, extractId, DateTimeOffset.UtcNow), cancellationToken);
        }

        string replacedText = replaced.Count > 0 ? $"; replaced {string.Join(", ", replaced)}" : "";
        return new IngestResult(IngestStatus.Ingested, path.Path, extractId, audit,
            $"{outcome.RowsRead:N0} rows: {outcome.RowsWritten:N0} to the lake, {outcome.RowsQuarantined:N0} quarantined{replacedText}");
    }

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
            string id = System.IO.Path.GetFileNameWithoutExtension(entry.Path);
            if (entry.Path.EndsWith(extension, StringComparison.Ordinal) && id != extractId)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>The store lock that serialises publication per dataset and date, e.g. <c>ingest-telephony-contacts-2026-10-01</c>.</summary>
    internal static string PublishLockName(LandingPath path)
    {
        string name = $"ingest-{path.Contract.Source}-{path.Contract.Name}-{path.DateText}".ToLowerInvariant();
        return new string([.. name.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-')]);
    }

    private async Task<IngestResult> RejectAsync(
        LandingPath path, BlobEntry blob, string extractId, string reason, DateTimeOffset started, Stopwatch clock,
        string? markerPath, CancellationToken cancellationToken, MappedAudit? mapped = null)
    {
        var audit = new AuditRecord
        {
            ExtractId = extractId,
            Status = IngestStatus.Rejected,
            Mapping = mapped?.Mapping,
            Dataset = path.Contract.Id,
            ExtractDate = path.DateText,
            LandingPath = path.Path,
            LandingVersion = blob.Version,
            Bytes = blob.Size,
            Reason = reason,
            StartedAt = started,
            DurationMs = clock.ElapsedMilliseconds,
        };
        await StateDocuments.WriteAsync(store, AuditPath(path, extractId), audit, cancellationToken);
        if (markerPath is not null)
        {
            await StateDocuments.WriteAsync(store, markerPath,
                new LandingMarker(blob.Version, IngestStatus.Rejected, extractId, DateTimeOffset.UtcNow), cancellationToken);
        }

        return new IngestResult(IngestStatus.Rejected, path.Path, extractId, audit, $"rejected: {reason}");
    }

    private async Task<IngestResult> RejectInvalidNameAsync(string landingPath, string reason, DateTimeOffset started, CancellationToken cancellationToken)
    {
        // A badly named blob that exists is remembered by a hash of its name, so scans of landing/ skip it until it changes.
        BlobEntry? blob = null;
        try
        {
            blob = await store.GetAsync(StoreContainers.Landing, landingPath, cancellationToken);
        }
        catch (InvalidBlobPathException)
        {
            // Not even a valid blob path (e.g. '..'): nothing to remember it by.
        }

        string markerPath = $"landing-index/_invalid-names/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(landingPath)))[..32]}.json";
        if (blob is not null && await StateDocuments.ReadAsync<LandingMarker>(store, markerPath, cancellationToken) is { } marker
            && marker.LandingVersion == blob.Version)
        {
            return new IngestResult(IngestStatus.AlreadyIngested, landingPath, marker.ExtractId, null, "already rejected at this version");
        }

        string id = NewExtractId(started, landingPath, blob?.Version ?? "");
        var audit = new AuditRecord
        {
            ExtractId = id,
            Status = IngestStatus.Rejected,
            LandingPath = landingPath,
            LandingVersion = blob?.Version,
            Bytes = blob?.Size ?? 0,
            Reason = reason,
            StartedAt = started,
        };
        await StateDocuments.WriteAsync(store, $"audit/_invalid-names/{id}.json", audit, cancellationToken);
        if (blob is not null)
        {
            await StateDocuments.WriteAsync(store, markerPath, new LandingMarker(blob.Version, IngestStatus.Rejected, id, DateTimeOffset.UtcNow), cancellationToken);
        }

        return new IngestResult(IngestStatus.Rejected, landingPath, id, audit, $"rejected: {reason}");
    }

    private static string AuditPath(LandingPath path, string extractId) =>
        $"audit/{path.Contract.Source}/{path.Contract.Name}/{path.DateText}/{extractId}.json";

    /// <summary>Ingest time (so ids sort by delivery) then 12 hex characters that make it unique.</summary>
    private static string NewExtractId(DateTimeOffset at, string landingPath, string version)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(8);
        byte[] digest = SHA256.HashData([.. Encoding.UTF8.GetBytes(landingPath + "\n" + version + "\n"), .. salt]);
        return at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(digest)[..12];
    }
}
