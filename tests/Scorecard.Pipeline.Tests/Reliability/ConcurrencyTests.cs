using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Many workers on one store at once: parallel ingestors in one process, several <c>scorecard ingest</c> processes,
/// two <c>scorecard build</c> processes, and parallel ingest on Azurite. Each result is compared with the serial
/// reference (<see cref="TableComparison"/>): same lake rows, same mart tables.
/// </summary>
[Collection(SerialReferenceCollection.Name)]
public sealed class ConcurrencyTests(SerialReference reference) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_week_of_extracts_each_delivered_twice_to_parallel_workers_gives_the_lake_and_mart_of_a_serial_run()
    {
        LocalFolderStore store = await reference.CopyLandingAsync(_folder.Path);
        IEnumerable<string> deliveries = reference.LandingPaths.Concat(reference.LandingPaths);

        IngestResult[] results = await Task.WhenAll(deliveries.Select(path =>
            Task.Run(() => new ExtractIngestor(store, new IngestOptions()).IngestAsync(path))));

        Assert.Equal(2 * 7 * ExtractContracts.All.Count, results.Length);
        foreach (IGrouping<string, IngestResult> extract in results.GroupBy(r => r.LandingPath))
        {
            Assert.Single(extract, r => r.Status == IngestStatus.Ingested);
            Assert.Single(extract, r => r.Status is IngestStatus.AlreadyIngested or IngestStatus.Unchanged);
        }

        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(store.Root, reference.LandingPaths);
        Assert.Empty(TableComparison.LakeDifferences(reference.Root, store.Root));
        Assert.True((await SerialReference.NewPublisher(store).BuildAsync(TimeSpan.FromSeconds(10))).Succeeded);
        Assert.Empty(TableComparison.MartDifferences(reference.Mart, Path.Combine(store.Root, StoreContainers.Mart)));
    }

    [Fact]
    public async Task Three_ingest_processes_started_together_on_one_store_ingest_each_extract_exactly_once()
    {
        LocalFolderStore store = await reference.CopyLandingAsync(_folder.Path);

        ScorecardChild.Outcome[] runs = await Task.WhenAll(Enumerable.Range(0, 3)
            .Select(_ => ScorecardChild.RunAsync(null, "ingest", "--store", store.Root)));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(store.Root, reference.LandingPaths);
        Assert.Empty(TableComparison.LakeDifferences(reference.Root, store.Root));
        int audits = Directory.GetFiles(Path.Combine(store.Root, StoreContainers.State, "audit"), "*.json", SearchOption.AllDirectories).Length;
        Assert.Equal(reference.LandingPaths.Count, audits);
    }

    [Fact]
    public async Task Two_builds_started_together_run_one_after_the_other_and_leave_the_mart_of_a_serial_build()
    {
        LocalFolderStore store = await reference.CopyLandingAsync(_folder.Path);
        await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();

        ScorecardChild.Outcome[] builds = await Task.WhenAll(Enumerable.Range(0, 2)
            .Select(_ => ScorecardChild.RunAsync(null, "build", "--store", store.Root, "--wait", "120")));

        Assert.All(builds, build => Assert.True(build.ExitCode == 0, build.ToString()));
        StoreInvariants.AssertNoTemporaryNames(store.Root);
        string mart = Path.Combine(store.Root, StoreContainers.Mart);
        Assert.Empty(TableComparison.MartDifferences(reference.Mart, mart));
        Assert.Empty(TableComparison.ParquetAgainstDatabase(mart));
    }

    [Fact]
    public async Task A_build_that_finds_another_build_running_exits_with_code_1_and_one_line_naming_the_lock()
    {
        var store = new LocalFolderStore(_folder.Path);
        await store.EnsureContainersAsync();
        await using IAsyncDisposable running = await store.AcquireLockAsync(MartPublisher.LockName, TimeSpan.Zero);

        ScorecardChild.Outcome second = await ScorecardChild.RunAsync(null, "build", "--store", store.Root, "--wait", "0");

        Assert.Equal(1, second.ExitCode);
        string[] lines = second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains($"Lock '{MartPublisher.LockName}'", line, StringComparison.Ordinal);
        Assert.Contains("Another build is probably running", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_week_of_extracts_each_delivered_twice_to_parallel_workers_on_azure_gives_the_lake_of_a_serial_run()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), $"r{Guid.NewGuid():N}"[..12] + "-");
        await store.EnsureContainersAsync();
        foreach (string path in reference.LandingPaths)
        {
            await store.UploadFileAsync(StoreContainers.Landing, path, Path.Combine(reference.Root, StoreContainers.Landing, path));
        }

        IngestResult[] results = await Task.WhenAll(reference.LandingPaths.Concat(reference.LandingPaths).Select(path =>
            Task.Run(() => new ExtractIngestor(store, new IngestOptions()).IngestAsync(path))));

        Assert.Equal(reference.LandingPaths.Count, results.Count(r => r.Status == IngestStatus.Ingested));
        SerialReference.CopyFolder(Path.Combine(reference.Root, StoreContainers.Landing), Path.Combine(_folder.Path, StoreContainers.Landing));
        foreach (string container in new[] { StoreContainers.Lake, StoreContainers.Quarantine })
        {
            await foreach (BlobEntry blob in store.ListAsync(container))
            {
                await store.DownloadToFileAsync(container, blob.Path, Path.Combine(_folder.Path, container, blob.Path));
            }
        }

        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(_folder.Path, reference.LandingPaths);
        Assert.Empty(TableComparison.LakeDifferences(reference.Root, _folder.Path));
    }
}
