using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// Azure Blob Storage (or Azurite). Container <c>lake</c> is the Azure container <c>&lt;prefix&gt;lake</c>, so one
/// account can hold several independent stores. Writes are block-blob uploads: blocks are staged and the blob
/// changes only when the block list is committed, so readers never see partial content.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Uploads larger than this are split into staged blocks of this size, committed at the end.</summary>
    private const int TransferSize = 8 * 1024 * 1024;

    private readonly BlobServiceClient _service;
    private readonly string _containerPrefix;

    /// <summary>From a connection string, e.g. <c>UseDevelopmentStorage=true</c> or a full Azurite/Azure one.</summary>
    public AzureBlobStore(string connectionString, string containerPrefix = "")
        : this(new BlobServiceClient(RequireText(connectionString, nameof(connectionString)), CreateOptions()), containerPrefix)
    {
    }

    /// <summary>From an account URL (<c>https://&lt;account&gt;.blob.core.windows.net</c>) with <see cref="DefaultAzureCredential"/>.</summary>
    public AzureBlobStore(Uri accountUrl, string containerPrefix = "")
        : this(accountUrl, new DefaultAzureCredential(), containerPrefix)
    {
    }

    /// <summary>From an account URL and an explicit credential (managed identity, workload identity, ...).</summary>
    public AzureBlobStore(Uri accountUrl, TokenCredential credential, string containerPrefix = "")
        : this(new BlobServiceClient(accountUrl, credential, CreateOptions()), containerPrefix)
    {
    }

    private AzureBlobStore(BlobServiceClient service, string containerPrefix)
    {
        ArgumentNullException.ThrowIfNull(containerPrefix);
        ValidateContainerPrefix(containerPrefix);
        _service = service;
        _containerPrefix = containerPrefix;

        // Never show the query (a SAS) or user info: scheme, host, port and path only.
        var endpoint = service.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        Location = containerPrefix.Length == 0 ? endpoint : $"{endpoint} (container prefix '{containerPrefix}')";
    }

    public string Location { get; }

    /// <summary>The Azure container that holds the store's <paramref name="container"/>.</summary>
    public string ContainerName(string container) => _containerPrefix + container;

    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in StoreContainers.All)
        {
            await Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<BlobEntry?> GetAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        try
        {
            var properties = await Blob(container, path).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new BlobEntry(container, path, properties.Value.ContentLength, properties.Value.LastModified, properties.Value.ETag.ToString());
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        try
        {
            // One GET whose body is read as the caller reads. If the connection drops, the SDK resumes with a
            // range request pinned to the original ETag, so a stream never mixes two versions of the blob.
            var download = await Blob(container, path).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            throw new BlobNotFoundException(container, path);
        }
    }

    public async Task WriteAsync(string container, string path, Stream content, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        ArgumentNullException.ThrowIfNull(content);
        await UploadAsync(container, path, content, cancellationToken).ConfigureAwait(false);
    }

    public async Task UploadFileAsync(string container, string path, string localFile, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        var source = new FileStream(
            localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            await UploadAsync(container, path, source, cancellationToken).ConfigureAwait(false);
        }
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(string container, string prefix = "", CancellationToken cancellationToken = default)
    {
        // Validate here, not inside the iterator, so a bad prefix fails at the call rather than at first MoveNext.
        BlobPath.ValidatePrefix(container, prefix);
        return ListValidatedAsync(container, prefix, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        try
        {
            var response = await Blob(container, path)
                .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return false;
        }
    }

    private async IAsyncEnumerable<BlobEntry> ListValidatedAsync(
        string container,
        string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The service lists names in lexicographic order, which for these paths is ordinal order.
        var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix };
        var blobs = Container(container).GetBlobsAsync(options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (blobs.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await blobs.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException exception) when (exception.Status == 404)
                {
                    // A container that does not exist yet holds no blobs, as a missing local folder holds no files.
                    yield break;
                }

                var blob = blobs.Current;
                yield return new BlobEntry(
                    container,
                    blob.Name,
                    blob.Properties.ContentLength ?? 0,
                    blob.Properties.LastModified ?? DateTimeOffset.MinValue,
                    blob.Properties.ETag?.ToString() ?? string.Empty);
            }
        }
    }

    private async Task UploadAsync(string container, string path, Stream content, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = TransferSize,
                MaximumTransferSize = TransferSize,
                MaximumConcurrency = 2,
            },
        };
        try
        {
            await Blob(container, path).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            throw new InvalidOperationException(
                $"Container '{ContainerName(container)}' does not exist in {Location}; call EnsureContainersAsync first.",
                exception);
        }
    }

    private BlobContainerClient Container(string container) => _service.GetBlobContainerClient(ContainerName(container));

    private BlockBlobClient Blob(string container, string path) => Container(container).GetBlockBlobClient(path);

    private static BlobClientOptions CreateOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        return options;
    }

    private static string RequireText(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    /// <summary>
    /// Prefix + any store container must be a valid Azure container name: 3-63 characters, lowercase letters,
    /// digits and single hyphens, starting with a letter or digit.
    /// </summary>
    private static void ValidateContainerPrefix(string prefix)
    {
        var longest = StoreContainers.All.Max(container => container.Length);
        var valid = prefix.Length + longest <= 63
            && prefix.All(character => character is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && !prefix.StartsWith('-')
            && !prefix.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"Container prefix '{prefix}' would not make valid Azure container names: use at most {63 - longest} lowercase letters, "
                + "digits and single hyphens, not starting with a hyphen.",
                "containerPrefix");
        }
    }

    public Task<IAsyncDisposable> AcquireLockAsync(string name, TimeSpan wait, CancellationToken cancellationToken = default) =>
        StoreLock.WaitAsync(name, Location, wait,
            () => BlobLeaseLock.TryAcquireAsync(Container(StoreContainers.State).GetBlobClient($"locks/{name}.lock"), cancellationToken),
            cancellationToken);
}
