using System.Net;
using Azure.Storage.Blobs;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Functions;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Replay through the real function app: the custom handler process against Azurite, fed Event Grid BlobCreated events
/// as the IngestExtract queue trigger receives them, every event twice and shuffled with a fixed seed.
/// </summary>
[Collection(SerialReferenceCollection.Name)]
public sealed class FunctionAppReplayTests(SerialReference reference) : IDisposable
{
    private const int Seed = 11;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_blob_created_event_delivered_twice_and_shuffled_to_the_function_app_gives_the_lake_of_one_delivery_in_order()
    {
        string prefix = $"p{Guid.NewGuid():N}"[..12] + "-";
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), prefix);
        await store.EnsureContainersAsync();
        // Two days of the reference week: 16 extracts, 32 events.
        List<string> paths = [.. reference.Landing.Files.Where(f => f.Date.Day <= 2).Select(f => f.Path)];
        var events = new List<string>();
        BlobContainerClient landing = new BlobServiceClient(AzuriteEnvironment.RequireConnectionString())
            .GetBlobContainerClient(store.ContainerName(StoreContainers.Landing));
        foreach (string path in paths)
        {
            string local = Path.Combine(reference.Root, StoreContainers.Landing, path);
            await store.UploadFileAsync(StoreContainers.Landing, path, local);
            events.Add(HostPayloads.BlobCreatedEvent(landing.GetBlobClient(path).Uri, new FileInfo(local).Length));
        }

        string[] deliveries = [.. events, .. events];
        new Random(Seed).Shuffle(deliveries);
        await using (HandlerProcess handler = await HandlerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = AzuriteEnvironment.RequireConnectionString(),
            ["Scorecard__ContainerPrefix"] = prefix,
        }))
        {
            foreach (string message in deliveries)
            {
                var (status, _) = await handler.InvokeAsync("IngestExtract", HostPayloads.QueueTrigger("message", message, DateTimeOffset.UtcNow));
                Assert.Equal(HttpStatusCode.OK, status);
            }
        }

        SerialReference.CopyFolder(Path.Combine(reference.Root, StoreContainers.Landing), Path.Combine(_folder.Path, StoreContainers.Landing));
        foreach (string container in new[] { StoreContainers.Lake, StoreContainers.Quarantine })
        {
            await foreach (BlobEntry blob in store.ListAsync(container))
            {
                await store.DownloadToFileAsync(container, blob.Path, Path.Combine(_folder.Path, container, blob.Path));
            }
        }

        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(_folder.Path, paths);
        Assert.Empty(TableComparison.PartitionDifferences(reference.Root, _folder.Path, paths.Select(p => LandingPath.Parse(p).Partition)));
        int audits = 0;
        await foreach (BlobEntry _ in store.ListAsync(StoreContainers.State, "audit/"))
        {
            audits++;
        }

        Assert.Equal(paths.Count, audits);
    }
}
