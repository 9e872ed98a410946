using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// An exclusive lock as a 60-second lease on <c>state/locks/&lt;name&gt;.lock</c>, renewed every 20 seconds while held.
/// If the holder dies the lease simply expires, so a crashed build never locks the store for good.
/// </summary>
internal sealed class BlobLeaseLock : IAsyncDisposable
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private BlobLeaseLock(BlobLeaseClient lease)
    {
        _lease = lease;
        _renewal = RenewAsync();
    }

    public static async Task<IAsyncDisposable?> TryAcquireAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.FromString(""), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The lock blob exists already (and may be leased): fine.
        }

        BlobLeaseClient lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(Duration, cancellationToken: cancellationToken);
            return new BlobLeaseLock(lease);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _renewal;
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await _lease.ReleaseAsync();
        }
        catch (RequestFailedException)
        {
            // The lease expired or was broken meanwhile; it is released either way.
        }

        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(20), _stop.Token);
            await _lease.RenewAsync(cancellationToken: _stop.Token);
        }
    }
}
