using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Store locks a killed process still holds on Azure (blob leases under <c>state/locks/</c>). They expire within
/// <see cref="AzureStoreOptions.LockLeaseDuration"/>; a crash test breaks them, as their expiry would, so that it
/// does not sit out the lease. (That a left lease blocks the next run at most that long is proven elsewhere.)
/// </summary>
public static class DeadHolderLocks
{
    /// <summary>Breaks every leased lock of <paramref name="store"/>; returns their names.</summary>
    public static async Task<List<string>> BreakAsync(AzureBlobStore store)
    {
        BlobContainerClient state = new BlobServiceClient(AzuriteEnvironment.RequireConnectionString())
            .GetBlobContainerClient(store.ContainerName(StoreContainers.State));
        var broken = new List<string>();
        await foreach (BlobItem blob in state.GetBlobsAsync(BlobTraits.None, BlobStates.None, "locks/", CancellationToken.None))
        {
            if (blob.Properties.LeaseState == LeaseState.Leased)
            {
                try
                {
                    await state.GetBlobClient(blob.Name).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
                    broken.Add(blob.Name);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    // Released or expired since the listing.
                }
            }
        }

        return broken;
    }
}
