using System.Runtime.CompilerServices;

namespace Scorecard.Pipeline.Storage;

/// <summary>The embedded default store: blob = file <c>&lt;root&gt;/&lt;container&gt;/&lt;path&gt;</c>; writes go to <c>&lt;root&gt;/.tmp/</c> and are renamed into place.</summary>
public sealed class LocalFolderStore(string root) : IBlobStore
{
    private readonly string _root = Path.GetFullPath(root);

    public string Location => _root;

    public Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (string container in StoreContainers.All)
        {
            Directory.CreateDirectory(Path.Combine(_root, container));
        }

        Directory.CreateDirectory(Path.Combine(_root, ".tmp"));
        return Task.CompletedTask;
    }

    public Task<BlobEntry?> GetAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(FullPath(container, path));
        return Task.FromResult(file.Exists ? Entry(container, path, file) : null);
    }

    public Task<Stream> OpenReadAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        string file = FullPath(container, path);
        try
        {
            return Task.FromResult<Stream>(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(container, path);
        }
    }

    public async Task WriteAsync(string container, string path, Stream content, CancellationToken cancellationToken = default)
    {
        string target = FullPath(container, path);
        string temp = TempFile();
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            await content.CopyToAsync(file, cancellationToken);
            await file.FlushAsync(cancellationToken);
        }

        Commit(temp, target);
    }

    public async Task UploadFileAsync(string container, string path, string localFile, CancellationToken cancellationToken = default)
    {
        await using var source = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await WriteAsync(container, path, source, cancellationToken);
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string container, string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string folder = Path.Combine(_root, ContainerName(container));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var entries = new List<BlobEntry>();
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string path = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                entries.Add(Entry(container, path, new FileInfo(file)));
            }
        }

        foreach (BlobEntry entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        string file = FullPath(container, path);
        if (!File.Exists(file))
        {
            return Task.FromResult(false);
        }

        File.Delete(file);
        return Task.FromResult(true);
    }

    private static BlobEntry Entry(string container, string path, FileInfo file) =>
        new(container, path, file.Length, file.LastWriteTimeUtc, $"{file.Length}-{file.LastWriteTimeUtc.Ticks}");

    private string FullPath(string container, string path)
    {
        BlobPath.Validate(container, path);
        return Path.Combine(_root, container, path);
    }

    private static string ContainerName(string container)
    {
        BlobPath.Validate(container, "x");
        return container;
    }

    private string TempFile()
    {
        string folder = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N"));
    }

    private static void Commit(string temp, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(temp, target, overwrite: true);
    }
}
