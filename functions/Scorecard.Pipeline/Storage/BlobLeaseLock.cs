using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// An exclusive lock as a lease on <c>state/locks/&lt;name&gt;.lock</c> (60 seconds by default,
/// <see cref="AzureStoreOptions.LockLeaseDuration"/>), renewed every third of that while held. If the holder dies
/// the lease simply expires, so a crashed build never locks the store for good.
/// </summary>
internal sealed class BlobLeaseLock : IAsyncDisposable
{
    private readonly BlobLeaseClient _lease;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private BlobLeaseLock(BlobLeaseClient lease, TimeSpan duration)
    {
        _lease = lease;
        _duration = duration;
        _renewal = RenewAsync();
    }

    /// <summary>Leases <paramref name="blob"/> under <paramref name="leaseId"/>; null when another holder has it.</summary>
    public static async Task<IAsyncDisposable?> TryAcquireAsync(BlobClient blob, string leaseId, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.FromString(""), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The lock blob exists already (and may be leased): fine.
        }

        BlobLeaseClient lease = blob.GetBlobLeaseClient(leaseId);
        try
        {
            await lease.AcquireAsync(duration, cancellationToken: cancellationToken);
            return new BlobLeaseLock(lease, duration);
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lease expired or was broken meanwhile, or the store is down: it is released either way, at the
            // latest when the lease runs out. The work it guarded has finished, so this is no error.
        }

        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(_duration / 3, _stop.Token);
            try
            {
                await _lease.RenewAsync(cancellationToken: _stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store fault outlasting the retries (RequestFailedException, or the AggregateException the client's
                // retry policy ends with): the lease still has two thirds to run, and the next renewal tries again. A
                // renewal never fails the work the lock guards; that work meets the outage itself and reports it.
            }
        }
    }
}
