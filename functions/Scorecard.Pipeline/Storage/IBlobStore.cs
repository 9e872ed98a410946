namespace Scorecard.Pipeline.Storage;

/// <summary>
/// The one narrow storage abstraction the pipeline uses. Two implementations: <see cref="LocalFolderStore"/>
/// (the embedded default, <c>&lt;root&gt;/&lt;container&gt;/&lt;path&gt;</c>) and <see cref="AzureBlobStore"/>.
/// Paths are forward-slash relative paths inside a container and are validated with <see cref="BlobPath"/>.
/// Every write is atomic: a reader sees the old content or the whole new content, never a partial file.
/// </summary>
public interface IBlobStore
{
    /// <summary>Human-readable description of where the store lives (folder path or account URL, no secrets).</summary>
    string Location { get; }

    /// <summary>Creates every container in <see cref="StoreContainers.All"/> when missing.</summary>
    Task EnsureContainersAsync(CancellationToken cancellationToken = default);

    /// <summary>Metadata of one blob, or null when it does not exist.</summary>
    Task<BlobEntry?> GetAsync(string container, string path, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for sequential reading. Throws <see cref="BlobNotFoundException"/> when missing.</summary>
    Task<Stream> OpenReadAsync(string container, string path, CancellationToken cancellationToken = default);

    /// <summary>Writes (creates or replaces) a blob from a stream, atomically.</summary>
    Task WriteAsync(string container, string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Writes (creates or replaces) a blob from a local file, atomically.</summary>
    Task UploadFileAsync(string container, string path, string localFile, CancellationToken cancellationToken = default);

    /// <summary>Lists blobs whose path starts with <paramref name="prefix"/>, in ordinal path order.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(string container, string prefix = "", CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the store-wide exclusive lock <paramref name="name"/> (e.g. one mart build at a time), waiting up to
    /// <paramref name="wait"/>; throws <see cref="StoreLockedException"/> when another holder keeps it. Disposing
    /// releases it; a holder that dies releases it too (an OS file lock locally, an expiring blob lease on Azure).
    /// </summary>
    Task<IAsyncDisposable> AcquireLockAsync(string name, TimeSpan wait, CancellationToken cancellationToken = default);
}
