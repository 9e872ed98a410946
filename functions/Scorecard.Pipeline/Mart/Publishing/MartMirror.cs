using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// A local copy of a blob store's <c>mart</c> container that survives between uses, so a build or a reader downloads
/// only the files that changed since it last looked, not the history. DuckDB here cannot read blob storage, and the
/// tables split into partitions are views of their Parquet files, so a mart is only usable as a folder.
/// <para>
/// A manifest (<c>.mirror.json</c>) records, per file, the version (ETag) of the blob it was downloaded from; a sync
/// lists the container, downloads each blob whose version differs or whose file is missing, and deletes files whose
/// blob is gone. Each download lands under a temporary name and is renamed over the old file. One user at a time per
/// folder: <see cref="OpenAsync"/> holds an exclusive file lock until disposed (a build and the readers use separate
/// folders, see <see cref="Purpose"/>).
/// </para>
/// </summary>
public sealed class MartMirror : IAsyncDisposable
{
    private const string ManifestName = ".mirror.json";
    private const string LockName = ".mirror.lock";
    private readonly IAsyncDisposable _lock;

    private MartMirror(string folder, IAsyncDisposable held)
    {
        Folder = folder;
        _lock = held;
    }

    /// <summary>Who uses a mirror: the build (which writes into it, then uploads) or the readers (exports, queries).</summary>
    public enum Purpose
    {
        Build,
        Read,
    }

    /// <summary>The folder holding the mart's files.</summary>
    public string Folder { get; }

    /// <summary>Bytes downloaded by the last <see cref="SyncAsync"/>.</summary>
    public long BytesDownloaded { get; private set; }

    /// <summary>Files downloaded by the last <see cref="SyncAsync"/>.</summary>
    public int FilesDownloaded { get; private set; }

    /// <summary>The mirror folder of <paramref name="store"/> for <paramref name="purpose"/>, locked for this caller
    /// (waits up to <paramref name="wait"/> for another user of the same folder to finish).</summary>
    public static async Task<MartMirror> OpenAsync(IBlobStore store, Purpose purpose, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(store.Location)))[..16];
        string folder = Path.Combine(Path.GetTempPath(), "scorecard-mart-mirror", key, purpose.ToString().ToLowerInvariant());
        Directory.CreateDirectory(folder);
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            if (LocalFileLock.TryAcquire(Path.Combine(folder, LockName)) is { } held)
            {
                return new MartMirror(folder, held);
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new StoreLockedException("mart-mirror", folder, wait);
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Brings the folder up to the mart container: downloads changed and new files, deletes those gone.</summary>
    public Task SyncAsync(IBlobStore store, CancellationToken cancellationToken = default) => SyncAsync(store, null, cancellationToken);

    /// <summary>
    /// Brings the folder up to the mart container for the files <paramref name="include"/> accepts (every file when
    /// null): a reader of a few tables (the scorecard exports) downloads those, not the history of the big facts. A
    /// table it leaves out is deleted whole when one of its files changed, appeared or went since it was downloaded, so
    /// a query of it fails (no such file) rather than reading an old or partial copy.
    /// </summary>
    public async Task SyncAsync(IBlobStore store, Func<string, bool>? include, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        Dictionary<string, string> manifest = ReadManifest();
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        // Left-out tables with a file changed, new or gone: their copies are deleted whole, as a view of a split table
        // over the files that are left would read part of it.
        var stale = new HashSet<string>(StringComparer.Ordinal);
        BytesDownloaded = 0;
        FilesDownloaded = 0;
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Mart, "", cancellationToken))
        {
            listed[blob.Path] = blob.Version;
            string target = Path.Combine(Folder, blob.Path);
            if (manifest.TryGetValue(blob.Path, out string? version) && version == blob.Version
                && File.Exists(target) && new FileInfo(target).Length == blob.Size)
            {
                continue;
            }

            if (include is not null && !include(blob.Path))
            {
                stale.Add(TableOf(blob.Path));
                continue;
            }

            await store.DownloadToFileAsync(StoreContainers.Mart, blob.Path, target, cancellationToken);
            manifest[blob.Path] = blob.Version;
            BytesDownloaded += blob.Size;
            FilesDownloaded++;
        }

        foreach (string file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Folder, file).Replace('\\', '/');
            if (relative is ManifestName or LockName || relative.StartsWith(MartParquetWriter.BuildingFolder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            if (!listed.ContainsKey(relative))
            {
                File.Delete(file);
                if (include is not null && !include(relative))
                {
                    stale.Add(TableOf(relative));
                }
            }
        }

        foreach (string table in stale)
        {
            string folder = Path.Combine(Folder, table);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            foreach (string path in manifest.Keys.Where(p => TableOf(p) == table).ToList())
            {
                manifest.Remove(path);
            }
        }

        foreach (string path in manifest.Keys.Where(p => !listed.ContainsKey(p)).ToList())
        {
            manifest.Remove(path);
        }

        WriteManifest(manifest);
    }

    /// <summary>The table a mart file belongs to: its first folder (<c>fct_contact/contact_date=.../data.parquet</c>).</summary>
    private static string TableOf(string path) => path.Split('/')[0];

    /// <summary>Records the versions the store now has of <paramref name="paths"/>, which this folder's copies match
    /// (after a build uploaded them), so the next sync does not download them back.</summary>
    public async Task RecordAsync(IBlobStore store, IReadOnlyCollection<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var wanted = paths.ToHashSet(StringComparer.Ordinal);
        Dictionary<string, string> manifest = ReadManifest();
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Mart, "", cancellationToken))
        {
            if (wanted.Contains(blob.Path))
            {
                manifest[blob.Path] = blob.Version;
            }
        }

        WriteManifest(manifest);
    }

    /// <summary>Forgets every recorded version, so the next sync downloads every file again (after a failed build
    /// left this folder ahead of or apart from the store).</summary>
    public void Invalidate() => File.Delete(Path.Combine(Folder, ManifestName));

    public ValueTask DisposeAsync() => _lock.DisposeAsync();

    private Dictionary<string, string> ReadManifest()
    {
        string path = Path.Combine(Folder, ManifestName);
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private void WriteManifest(Dictionary<string, string> manifest)
    {
        string path = Path.Combine(Folder, ManifestName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(manifest));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
