using System.Runtime.CompilerServices;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Generate;

/// <summary>Just enough of a blob store for generator tests: <c>&lt;temp&gt;/&lt;container&gt;/&lt;path&gt;</c>, deleted on dispose.</summary>
internal sealed class TempFolderBlobStore : IBlobStore, IDisposable
{
    public TempFolderBlobStore()
    {
        Root = Directory.CreateTempSubdirectory("scorecard-generator-tests-").FullName;
    }

    public string Root { get; }

    public string Location => Root;

    public string FullPath(string container, string path) => Path.Combine(Root, container, path);

    public Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (string container in StoreContainers.All)
        {
            Directory.CreateDirectory(Path.Combine(Root, container));
        }

        return Task.CompletedTask;
    }

    public Task<BlobEntry?> GetAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(FullPath(container, path));
        return Task.FromResult(file.Exists
            ? new BlobEntry(container, path, file.Length, file.LastWriteTimeUtc, file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : null);
    }

    public Task<Stream> OpenReadAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        string full = FullPath(container, path);
        return File.Exists(full)
            ? Task.FromResult<Stream>(File.OpenRead(full))
            : throw new BlobNotFoundException(container, path);
    }

    public async Task WriteAsync(string container, string path, Stream content, CancellationToken cancellationToken = default)
    {
        string full = FullPath(container, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await using FileStream target = File.Create(full);
        await content.CopyToAsync(target, cancellationToken);
    }

    public Task UploadFileAsync(string container, string path, string localFile, CancellationToken cancellationToken = default)
    {
        string full = FullPath(container, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Copy(localFile, full, overwrite: true);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(
        string container, string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string root = Path.Combine(Root, container);
        IEnumerable<string> paths = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
            : [];
        foreach (string path in paths)
        {
            BlobEntry? entry = await GetAsync(container, path, cancellationToken);
            yield return entry!;
        }
    }

    public Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        string full = FullPath(container, path);
        bool existed = File.Exists(full);
        File.Delete(full);
        return Task.FromResult(existed);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
