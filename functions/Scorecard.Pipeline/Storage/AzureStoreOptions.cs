namespace Scorecard.Pipeline.Storage;

/// <summary>
/// How <see cref="AzureBlobStore"/> rides out transient storage faults, bound from configuration section
/// <c>Storage</c> (<c>Storage__MaxRetries</c>, ...). Every request (read, write, list, lease) that fails with a
/// transient error (HTTP 408, 429, 500, 502, 503, 504, a dropped or refused connection, a timeout) is retried with
/// exponential back-off and jitter: <see cref="RetryDelay"/>, twice that, four times that, ... at most
/// <see cref="MaxRetryDelay"/>. When the retries run out the operation fails with a
/// <see cref="StoreUnavailableException"/> naming the operation and the blob.
/// </summary>
public sealed class AzureStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>Retries after the first attempt (default 6, so 7 attempts; with the default delays about 25 seconds of back-off).</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>Back-off before the first retry, doubled for each further one (default 0.4 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Longest back-off between two attempts (default 10 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may wait for the service before it counts as failed and is retried (default 60 s).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Length of the blob lease that holds a store lock such as the mart build's (15 to 60 s, default 60 s; renewed
    /// every third of it). A holder that dies, or cannot release the lock because the store is down, blocks the next
    /// build at most this long.
    /// </summary>
    public TimeSpan LockLeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Prefix of every container name (default empty): with <c>b1-</c> the store's <c>lake</c> is the Azure container
    /// <c>b1-lake</c>, so one account can hold several stores. Ignored by a local-folder store.
    /// </summary>
    public string ContainerPrefix { get; set; } = "";

    /// <summary>Attempts in all: the first one and the retries.</summary>
    public int Attempts => MaxRetries + 1;

    public void Validate()
    {
        if (MaxRetries is < 0 or > 20)
        {
            throw new ArgumentException($"Storage:MaxRetries must be between 0 and 20 (got {MaxRetries}).");
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            throw new ArgumentException(
                $"Storage:RetryDelay must be positive and Storage:MaxRetryDelay at least as long (got {RetryDelay} and {MaxRetryDelay}).");
        }

        if (LockLeaseDuration < TimeSpan.FromSeconds(15) || LockLeaseDuration > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentException($"Storage:LockLeaseDuration must be between 15 and 60 seconds, as blob leases are (got {LockLeaseDuration}).");
        }

        if (NetworkTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Storage:NetworkTimeout must be positive (got {NetworkTimeout}).");
        }
    }
}
