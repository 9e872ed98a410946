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
/// changes only when the block list is committed, so readers never see partial content. Transient faults are
/// retried as <see cref="AzureStoreOptions"/> says; when the retries run out an operation throws
/// <see cref="StoreUnavailableException"/> naming itself and the blob.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Uploads larger than this are split into staged blocks of this size, committed at the end.</summary>
    private const int TransferSize = 8 * 1024 * 1024;

    private readonly BlobServiceClient _service;
    private readonly string _containerPrefix;
    private readonly string _endpoint;
    private readonly int _attempts;
    private readonly TimeSpan _leaseDuration;

    /// <summary>From a connection string, e.g. <c>UseDevelopmentStorage=true</c> or a full Azurite/Azure one.</summary>
    public AzureBlobStore(string connectionString, string containerPrefix = "", AzureStoreOptions? options = null)
        : this(new BlobServiceClient(RequireText(connectionString, nameof(connectionString)), CreateOptions(options)), containerPrefix, options)
    {
    }

    /// <summary>From an account URL (<c>https://&lt;account&gt;.blob.core.windows.net</c>) with <see cref="DefaultAzureCredential"/>.</summary>
    public AzureBlobStore(Uri accountUrl, string containerPrefix = "", AzureStoreOptions? options = null)
        : this(accountUrl, new DefaultAzureCredential(), containerPrefix, options)
    {
    }

    /// <summary>From an account URL and an explicit credential (managed identity, workload identity, ...).</summary>
    public AzureBlobStore(Uri accountUrl, TokenCredential credential, string containerPrefix = "", AzureStoreOptions? options = null)
        : this(new BlobServiceClient(accountUrl, credential, CreateOptions(options)), containerPrefix, options)
    {
    }

    private AzureBlobStore(BlobServiceClient service, string containerPrefix, AzureStoreOptions? options)
    {
        ArgumentNullException.ThrowIfNull(containerPrefix);
        ValidateContainerPrefix(containerPrefix);
        _service = service;
        _containerPrefix = containerPrefix;
        _attempts = (options ?? new AzureStoreOptions()).Attempts;
        _leaseDuration = (options ?? new AzureStoreOptions()).LockLeaseDuration;

        // Never show the query (a SAS) or user info: scheme, host, port and path only.
        var endpoint = service.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        _endpoint = endpoint;
        Location = containerPrefix.Length == 0 ? endpoint : $"{endpoint} (container prefix '{containerPrefix}')";
    }

    /// <summary>The URL of the Azure container that holds the store's <paramref name="container"/> (no secrets).</summary>
    public string ContainerUrl(string container) => $"{_endpoint}/{ContainerName(container)}";

    public string Location { get; }

    /// <summary>The Azure container that holds the store's <paramref name="container"/>.</summary>
    public string ContainerName(string container) => _containerPrefix + container;

    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in StoreContainers.All)
        {
            await GuardAsync("creating container", ContainerName(container), async () =>
                await Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<BlobEntry?> GetAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        return await GuardAsync("reading properties of", Name(container, path), async () =>
        {
            try
            {
                var properties = await Blob(container, path).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return new BlobEntry(container, path, properties.Value.ContentLength, properties.Value.LastModified, properties.Value.ETag.ToString());
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string container, string path, CancellationToken cancellationToken = default)
    {
        BlobPath.Validate(container, path);
        string name = Name(container, path);
        return await GuardAsync("reading", name, async () =>
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    // One GET whose body is read as the caller reads. If the connection drops, the SDK resumes with a
                    // range request pinned to the original ETag, so a stream never mixes two versions of the blob.
                    var download = await Blob(container, path).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    return (Stream)new GuardedReadStream(download.Value.Content, IsTransientRead, e => Unavailable("reading", name, e));
                }
                catch (RequestFailedException exception) when (exception.Status == 404)
                {
                    throw new BlobNotFoundException(container, path);
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    // The connection dropped while the SDK read an error answer's body (a 404's, say): that escapes
                    // its retry policy, so try the request again here, as often as the policy would.
                    if (attempt >= _attempts)
                    {
                        throw Unavailable("reading", name, exception);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
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
        return await GuardAsync("deleting", Name(container, path), async () =>
        {
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
        }, cancellationToken).ConfigureAwait(false);
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
                catch (Exception exception) when (IsTransientRead(exception) && !cancellationToken.IsCancellationRequested)
                {
                    throw Unavailable("listing", Name(container, prefix) + "*", exception);
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
            await GuardAsync("writing", Name(container, path), async () =>
                await Blob(container, path).UploadAsync(content, options, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
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

    private string Name(string container, string path) => $"{ContainerName(container)}/{path}";

    /// <summary>Runs one store operation; a transient failure left after every retry becomes a <see cref="StoreUnavailableException"/>.</summary>
    private async Task<T> GuardAsync<T>(string operation, string blob, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(operation, blob, exception);
        }
    }

    private StoreUnavailableException Unavailable(string operation, string blob, Exception exception) =>
        new(operation, blob, Location, _attempts, Describe(exception), exception);

    /// <summary>Faults worth retrying (and that the SDK did retry): server errors, throttling, timeouts, broken connections.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        OperationCanceledException => true, // a network timeout; a cancellation asked for by the caller is excluded by the callers
        _ => false,
    };

    /// <summary>
    /// While reading a response body (a download, a listing's page) the network's own errors surface too, alone or
    /// among the SDK's retried attempts (a local file's never do there).
    /// </summary>
    internal static bool IsTransientRead(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransientRead),
        HttpRequestException or IOException => true,
        _ => IsTransient(exception),
    };

    /// <summary>The last error, in one short line: the HTTP status and error code, or the network error's first line.</summary>
    private static string Describe(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            exception = aggregate.InnerExceptions[^1];
        }

        if (exception is RequestFailedException { Status: > 0 } failed)
        {
            return $"HTTP {failed.Status}{(string.IsNullOrEmpty(failed.ErrorCode) ? "" : " " + failed.ErrorCode)}";
        }

        Exception innermost = exception;
        while (innermost.InnerException is not null && innermost is RequestFailedException or HttpRequestException)
        {
            innermost = innermost.InnerException;
        }

        string message = innermost.Message.Split('\n', 2)[0].Trim();
        return message.Length > 160 ? message[..160] + "..." : message;
    }

    private static BlobClientOptions CreateOptions(AzureStoreOptions? settings)
    {
        settings ??= new AzureStoreOptions();
        settings.Validate();
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = settings.MaxRetries;
        options.Retry.Delay = settings.RetryDelay;
        options.Retry.MaxDelay = settings.MaxRetryDelay;
        options.Retry.NetworkTimeout = settings.NetworkTimeout;
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

    /// <summary>
    /// Takes the lock as a blob lease. Every try of one call proposes the same lease id, so when a store fault lost
    /// the answer to a lease the service did grant, the next try gets it back instead of waiting for it to expire.
    /// A store fault that outlasts the client's retries on two tries in a row is reported as the store being
    /// unavailable, at once rather than after <paramref name="wait"/>, and never as another holder.
    /// </summary>
    public Task<IAsyncDisposable> AcquireLockAsync(string name, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        StoreLock.ValidateName(name);
        BlobClient blob = Container(StoreContainers.State).GetBlobClient($"locks/{name}.lock");
        string leaseId = Guid.NewGuid().ToString();
        int faultsInARow = 0;
        return StoreLock.WaitAsync(name, Location, wait, async () =>
        {
            try
            {
                IAsyncDisposable? acquired = await BlobLeaseLock.TryAcquireAsync(blob, leaseId, _leaseDuration, cancellationToken).ConfigureAwait(false);
                faultsInARow = 0;
                return acquired;
            }
            catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                // The client's retries have run out. Once may be a granted lease whose answer was lost: the next try,
                // with the same lease id, takes it back. Twice in a row the store is down, not the lock busy: say so
                // now rather than after the whole wait (minutes for an ingest's publication lock).
                if (++faultsInARow >= 2)
                {
                    throw Unavailable("leasing the lock", Name(StoreContainers.State, $"locks/{name}.lock"), exception);
                }

                return null;
            }
        }, cancellationToken);
    }
}
