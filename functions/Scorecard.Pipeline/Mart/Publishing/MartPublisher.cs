using System.Diagnostics;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds the mart of a store: takes the store's build lock (one build at a time), stages the lake onto local disk
/// (DuckDB here cannot read blob storage; a local-folder store is read in place) into a cache that survives builds,
/// so only extracts new since the last build are downloaded, runs <see cref="MartBuilder"/>,
/// publishes <c>scorecard_mart.duckdb</c> and the tables' Parquet files to the <c>mart</c> container, writes the centre's
/// scorecard for the latest month to <c>exports/</c> in every format with the data dictionary beside it, and records the build in <c>state/builds/</c>. A failed build publishes nothing: the previous mart stays.
/// The store's build lock is the only lock of a build: <see cref="MartBuilder"/> relies on its caller holding it.
/// <paramref name="options"/> are the build settings; the publisher chooses the lake and mart folders itself (the
/// store's own folders, or on blob storage the staged lake and a local mirror of the published mart, see <see cref="MartMirror"/>).
/// </summary>
public sealed class MartPublisher(IBlobStore store, MartOptions options)
{
    public const string LockName = "mart-build";
    public const string LastBuildPath = "builds/last.json";

    /// <summary>
    /// Builds and publishes the mart. <paramref name="progress"/> hears what the build is doing while it runs; the outcome
    /// (full or incremental and why, tests, exports) is the returned record, so a caller reports it once, from there.
    /// </summary>
    public async Task<MartBuildRecord> BuildAsync(TimeSpan lockWait, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.ValidateSettings();
        await using IAsyncDisposable buildLock = await store.AcquireLockAsync(LockName, lockWait, cancellationToken);
        var clock = Stopwatch.StartNew();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var meter = new PhaseMeter();
        MartMirror? mirror = null;
        bool published = false;
        try
        {
            string lake;
            string mart;
            if (store is LocalFolderStore local)
            {
                lake = Path.Combine(local.Root, StoreContainers.Lake);
                mart = Path.Combine(local.Root, StoreContainers.Mart);
            }
            else
            {
                lake = LakeCacheFolder(store);
                (int downloaded, int removed, long bytes) = await StageAsync(lake, cancellationToken);
                progress?.Report($"staged the lake onto local disk: {downloaded} new file(s) downloaded, {removed} replaced one(s) removed");
                meter.Next("lake staged", storeBytesRead: bytes);

                // The published mart is the starting point of an incremental build (it records the lake files it was
                // built from; its split tables are views of their Parquet files): a local mirror kept between builds,
                // so only what another build published since is downloaded.
                mirror = await MartMirror.OpenAsync(store, MartMirror.Purpose.Build, lockWait, cancellationToken);
                mart = mirror.Folder;
                await mirror.SyncAsync(store, cancellationToken);
                progress?.Report($"mirrored the published mart: {mirror.FilesDownloaded} changed file(s) downloaded");
                meter.Next("previous mart downloaded", storeBytesRead: mirror.BytesDownloaded);
            }

            progress?.Report("running the SQL models and data tests");
            MartOptions buildOptions = options.ForFolders(lake, mart);
            BuildReport report;
            try
            {
                report = MartBuilder.Build(buildOptions, progress);
                meter.Add(report.Phases);
            }
            catch (Exception e) when (e is ModelRunException or DataTestsFailedException or MartDefinitionException)
            {
                var failed = new MartBuildRecord(started, clock.ElapsedMilliseconds, false, e.Message, 0, 0, [], store.Location);
                await StateDocuments.WriteAsync(store, LastBuildPath, failed, cancellationToken);
                throw;
            }

            if (store is not LocalFolderStore)
            {
                progress?.Report("publishing the mart");
                long uploaded = await PublishAsync(mart, report, cancellationToken);
                await mirror!.RecordAsync(store, report.WrittenFiles.Append(MartBuilder.DatabaseFileName).ToList(), cancellationToken);
                meter.Next("upload", storeBytesWritten: uploaded);
            }

            published = true;

            FaultPoint.Reached(FaultPoint.MartBeforeBuildRecord);
            progress?.Report("writing the scorecard exports");
            (IReadOnlyList<string> exports, string? exportError) = await WriteExportsAsync(cancellationToken);
            meter.Next("exports");
            var record = new MartBuildRecord(
                started, clock.ElapsedMilliseconds, report.Succeeded, null,
                report.Models.Count, report.Tests.Count(t => t.Passed),
                report.Tests.Where(t => !t.Passed).Select(t => t.Name).ToList(),
                store is LocalFolderStore ? mart : $"{store.Location} mart/",
                exports, exportError,
                report.IsIncremental ? "incremental" : "full", report.ModeReason, report.AffectedDateRanges, report.AffectedPeriods)
            {
                Phases = meter.Phases.ToList(),
                ParquetWritten = report.WrittenFiles,
            };
            await StateDocuments.WriteAsync(store, LastBuildPath, record, cancellationToken);
            return record;
        }
        finally
        {
            if (mirror is not null)
            {
                if (!published)
                {
                    // The build may have left the mirror ahead of the store or half-written: the next one starts over.
                    mirror.Invalidate();
                }

                await mirror.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Mirrors the lake into <paramref name="folder"/>. Lake files are never rewritten under the same name (the name
    /// is the extract id), so a file already cached whole is current; files gone from the lake are deleted.
    /// Each download goes to a temporary name first, so an interrupted staging leaves no partial file behind.
    /// </summary>
    private async Task<(int Downloaded, int Removed, long Bytes)> StageAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        int downloaded = 0;
        long bytes = 0;
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Lake, "", cancellationToken))
        {
            string target = Path.Combine(folder, blob.Path);
            wanted.Add(Path.GetFullPath(target));
            if (File.Exists(target) && new FileInfo(target).Length == blob.Size)
            {
                continue;
            }

            await store.DownloadToFileAsync(StoreContainers.Lake, blob.Path, target, cancellationToken);
            downloaded++;
            bytes += blob.Size;
        }

        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (!wanted.Contains(Path.GetFullPath(file)))
            {
                File.Delete(file);
                removed++;
            }
        }

        return (downloaded, removed, bytes);
    }

    /// <summary>A cache folder per store location, under the system temp folder.</summary>
    private static string LakeCacheFolder(IBlobStore store)
    {
        string key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(store.Location)))[..16];
        return Path.Combine(Path.GetTempPath(), "scorecard-lake-cache", key);
    }

    /// <summary>
    /// The centre's latest month in every export format, with the queue, team and agent HTML pages the centre page links to. The mart is already published when this runs, so an export
    /// that fails is recorded on the build rather than failing it.
    /// </summary>
    private async Task<(IReadOnlyList<string> Written, string? Error)> WriteExportsAsync(CancellationToken cancellationToken)
    {
        var written = new List<string>();
        try
        {
            var exporter = new ScorecardExporter(store);
            ScorecardExport export = await exporter.ReadAsync(null, "centre", cancellationToken);
            foreach (ExportFormat format in Enum.GetValues<ExportFormat>())
            {
                if (format == ExportFormat.Html)
                {
                    written.AddRange(await exporter.WritePagesAsync(await exporter.ReadLevelsAsync(export.Period, cancellationToken: cancellationToken), cancellationToken: cancellationToken));
                    continue;
                }

                written.Add(await exporter.WriteAsync(export, format, cancellationToken: cancellationToken));
            }

            string sqlRoot = options.SqlDirectory ?? SqlDirectoryLocator.Find();
            KpiRegistry registry = KpiRegistry.Load(options.KpiRegistryPath ?? Path.Combine(sqlRoot, "kpis.yml"));
            written.AddRange(await exporter.WriteDictionaryAsync(await exporter.ReadDictionaryAsync(sqlRoot, registry, cancellationToken), cancellationToken: cancellationToken));

            return (written, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (written, e.Message);
        }
    }

    /// <summary>
    /// Uploads the Parquet files this build wrote first (only the partitions whose rows changed) and
    /// <c>scorecard_mart.duckdb</c> last, so a publish cut short by a store outage leaves the previous database (what exports
    /// and queries read, and whose partition fingerprints say what to write again) in place; a rerun publishes the
    /// same partitions again. Then removes the files of partitions and tables that are gone, and a database left under its old name (<c>scorecard.duckdb</c>), which would only go stale. Returns the bytes uploaded.
    /// </summary>
    private async Task<long> PublishAsync(string mart, BuildReport report, CancellationToken cancellationToken)
    {
        // The marker says the split tables' files may be ahead of the database until the database is up: a build
        // that finds it rebuilds in full (see MartBuilder.PublishingMarker).
        string marker = Path.Combine(mart, MartBuilder.PublishingMarker);
        await File.WriteAllTextAsync(marker, "a build is publishing: its Parquet may be ahead of scorecard_mart.duckdb\n", cancellationToken);
        await store.UploadFileAsync(StoreContainers.Mart, MartBuilder.PublishingMarker, marker, cancellationToken);
        long bytes = 0;
        foreach (string path in report.WrittenFiles.Append(MartBuilder.DatabaseFileName))
        {
            string file = Path.Combine(mart, path);
            await store.UploadFileAsync(StoreContainers.Mart, path, file, cancellationToken);
            bytes += new FileInfo(file).Length;
            FaultPoint.Reached(FaultPoint.MartMidPublish);
        }

        var current = report.PublishedFiles.Append(MartBuilder.DatabaseFileName).ToHashSet(StringComparer.Ordinal);
        var tables = report.PublishedFiles.Select(f => f.Split('/')[0] + "/").Distinct().ToList();
        var gone = new List<string>();
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Mart, "", cancellationToken))
        {
            if (!current.Contains(blob.Path) && tables.Any(t => blob.Path.StartsWith(t, StringComparison.Ordinal)))
            {
                gone.Add(blob.Path);
            }
        }

        foreach (string path in gone)
        {
            await store.DeleteAsync(StoreContainers.Mart, path, cancellationToken);
        }

        await store.DeleteAsync(StoreContainers.Mart, MartBuilder.LegacyDatabaseFileName, cancellationToken);
        await store.DeleteAsync(StoreContainers.Mart, MartBuilder.PublishingMarker, cancellationToken);
        File.Delete(marker);
        return bytes;
    }
}
