using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Benchmarks.FunctionsHost;
using Scorecard.Pipeline.Tests.Functions.Host;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Replay through the real function app: the published worker against Azurite, fed the IngestExtract blob trigger's
/// invocations (one per BlobCreated event), every blob twice and shuffled with a fixed seed.
/// </summary>
[Collection(SerialReferenceCollection.Name)]
public sealed class FunctionAppReplayTests(SerialReference reference) : IDisposable
{
    private const int Seed = 11;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_landed_blob_delivered_twice_and_shuffled_to_the_function_app_gives_the_lake_of_one_delivery_in_order()
    {
        string prefix = $"p{Guid.NewGuid():N}"[..12] + "-";
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), prefix);
        await store.EnsureContainersAsync();
        // Two days of the reference week: 16 extracts, 32 events.
        List<string> paths = [.. reference.Landing.Files.Where(f => f.Date.Day <= 2).Select(f => f.Path)];
        foreach (string path in paths)
        {
            await store.UploadFileAsync(StoreContainers.Landing, path, Path.Combine(reference.Root, StoreContainers.Landing, path));
        }

        string[] deliveries = [.. paths, .. paths];
        new Random(Seed).Shuffle(deliveries);
        await using (FunctionWorker worker = await PublishedWorker.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = AzuriteEnvironment.RequireConnectionString(),
            ["Scorecard__ContainerPrefix"] = prefix,
        }))
        {
            foreach (string path in deliveries)
            {
                Invocation delivered = await worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", store.ContainerName(StoreContainers.Landing), path);
                Assert.True(delivered.Succeeded, delivered.Error);
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
