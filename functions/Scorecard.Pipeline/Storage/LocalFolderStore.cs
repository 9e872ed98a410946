using System.Runtime.CompilerServices;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// The embedded store: blob <c>container/path</c> is the file <c>&lt;root&gt;/&lt;container&gt;/&lt;path&gt;</c>.
/// Writes go to a temporary file under <c>&lt;root&gt;/.tmp/</c> (same file system), are flushed to disk and then
/// renamed over the target, so a reader sees the old file or the whole new one. A reader that already has the
/// file open keeps reading the old content after a rename replaces it.
/// </summary>
/// <remarks>
/// Unlike Azure, a folder cannot hold both a blob <c>a</c> and a blob <c>a/b</c>; the second write fails with an
/// <see cref="IOException"/>.
/// </remarks>
public sealed class LocalFolderStore : IBlobStore
{
    private const string TempFolderName = ".tmp";
    private const int BufferSize = 81920;

    /// <summary>How long a temporary file may go unwritten before it counts as left behind by a writer that died.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public LocalFolderStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    public string Location => Root;

    private string TempFolder => Path.Combine(Root, TempFolderName);

    public Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in StoreContainers.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Directory.CreateDirectory(Path.Combine(Root, container));
        }

        Directory.CreateDirectory(TempFolder);
        DeleteAbandonedTemporaryFiles();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes temporary files that a killed writer left under <c>.tmp/</c> (never visible as blobs, but they take
    /// disk space). A live writer touches its file all the time, so one not written for <see cref="AbandonedAfter"/>
    /// belongs to nobody.
    /// </summary>
    private void DeleteAbandonedTemporaryFiles()
    {
        DateTime before = DateTime.UtcNow - AbandonedAfter;
        foreach (var file in new DirectoryInfo(TempFolder).EnumerateFiles("*.tmp"))
        {
            if (file.LastWriteTimeUtc < before)
            {
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    // Another process removed or holds it: leave it for the next time.
                }
            }
        }
    }

    public Task<BlobEntry?> GetAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        cancellationToken.ThrowIfCancellationRequested();
        var file = new FileInfo(FilePath(container, path));
        return Task.FromResult(file.Exists ? ToEntry(container, path, file) : null);
    }

    public Task<Stream> OpenReadAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(
                FilePath(container, path),
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read | FileShare.Delete,
                BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(container, path);
        }
    }

    public async Task WriteAsync(string container, string path, Stream content, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        ArgumentNullException.ThrowIfNull(content);
        await WriteAtomicallyAsync(FilePath(container, path), content, cancellationToken).ConfigureAwait(false);
    }

    public async Task UploadFileAsync(string container, string path, string localFile, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        var source = new FileStream(
            localFile, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            await WriteAtomicallyAsync(FilePath(container, path), source, cancellationToken).ConfigureAwait(false);
        }
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(string container, string prefix = "", CancellationToken cancellationToken = default)
    {
        // Validate here, not inside the iterator, so a bad prefix fails at the call rather than at first MoveNext.
        BlobPath.ValidatePrefix(container, prefix);
        return ListValidatedAsync(container, prefix, cancellationToken);
    }

    public Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        cancellationToken.ThrowIfCancellationRequested();
        var file = FilePath(container, path);
        if (!File.Exists(file))
        {
            return Task.FromResult(false);
        }

        // File.Delete does not complain when a concurrent delete won the race; either way the blob is gone.
        File.Delete(file);
        return Task.FromResult(true);
    }

    private async IAsyncEnumerable<BlobEntry> ListValidatedAsync(
        string container,
        string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var containerFolder = Path.Combine(Root, container);

        // Start at the deepest folder the prefix fully names; the rest of the prefix filters names below it.
        var lastSlash = prefix.LastIndexOf('/');
        var startFolder = lastSlash < 0 ? containerFolder : Path.Combine(containerFolder, prefix[..lastSlash]);
        if (!Directory.Exists(startFolder))
        {
            yield break;
        }

        // Walking a folder tree is blocking I/O: do it off the caller's thread.
        var paths = await Task.Run(() => FindPaths(containerFolder, startFolder, prefix, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(Path.Combine(containerFolder, path));
            if (file.Exists)
            {
                yield return ToEntry(container, path, file);
            }
        }
    }

    private static List<string> FindPaths(string containerFolder, string startFolder, string prefix, CancellationToken cancellationToken)
    {
        // Explicit options: the defaults would skip hidden files, and on Unix every name starting with '.' is hidden.
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            MatchType = MatchType.Simple,
        };
        var paths = new List<string>();
        foreach (var file in Directory.EnumerateFiles(startFolder, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetRelativePath(containerFolder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                paths.Add(path);
            }
        }

        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    private async Task WriteAtomicallyAsync(string target, Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(TempFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(TempFolder, $"{Guid.NewGuid():N}.tmp");
        try
        {
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                await content.CopyToAsync(output, BufferSize, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            FaultPoint.Reached(FaultPoint.StoreBeforeRename);

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private string FilePath(string container, string path) =>
        Path.Combine(Root, container, path.Replace('/', Path.DirectorySeparatorChar));

    private static BlobEntry ToEntry(string container, string path, FileInfo file) => new(
        container,
        path,
        file.Length,
        new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
        $"{file.Length}-{file.LastWriteTimeUtc.Ticks}");

    public Task<IAsyncDisposable> AcquireLockAsync(string name, TimeSpan wait, CancellationToken cancellationToken = default) =>
        StoreLock.WaitAsync(name, Location, wait,
            () => Task.FromResult(LocalFileLock.TryAcquire(Path.Combine(Root, ".locks", name + ".lock"))), cancellationToken);
}
