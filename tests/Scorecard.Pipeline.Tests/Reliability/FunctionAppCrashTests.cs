using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Benchmarks.FunctionsHost;
using Scorecard.Pipeline.Tests.Functions.Host;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Crash safety on Azure storage: the function app's worker (against Azurite) dies while publishing a correction, and
/// the blob is delivered again to a fresh worker, which completes the job.
/// </summary>
public sealed class FunctionAppCrashTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 10, 1);
    private static readonly string[] Published = [StoreContainers.Lake, StoreContainers.Quarantine, StoreContainers.State];
    private readonly TempFolder _local = new();
    private readonly TempFolder _downloaded = new();
    private readonly string _prefix = $"k{Guid.NewGuid():N}"[..12] + "-";

    public void Dispose()
    {
        _local.Dispose();
        _downloaded.Dispose();
    }

    [Fact]
    public async Task A_function_instance_killed_after_the_pointer_leaves_whole_files_and_the_redelivered_event_removes_the_replaced_extract()
    {
        LandingSet landing = await LandingSet.GenerateAsync(_local.Path, days: 1);
        string original = landing.Files.First(f => f.Dataset == "telephony/contacts").Path;
        string correction = (await landing.LandCorrectionsAsync(Day1)).Single(p => p.StartsWith("telephony/contacts/", StringComparison.Ordinal));
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), _prefix);
        await store.EnsureContainersAsync();
        await LandAsync(store, landing, original);
        await LandAsync(store, landing, correction);

        await using (FunctionWorker first = await StartWorkerAsync(null))
        {
            Invocation ingested = await Ingest(first, store, original);
            Assert.True(ingested.Succeeded, ingested.Error);
        }

        await using (FunctionWorker dying = await StartWorkerAsync(FaultPoint.IngestAfterPointer))
        {
            await Assert.ThrowsAsync<WorkerExitedException>(() => Ingest(dying, store, correction));
        }

        string afterCrash = await StoreSnapshot.CopyAsync(store, Path.Combine(_downloaded.Path, "after-crash"), Published);
        StoreInvariants.AssertEveryParquetFileReadsWhole(afterCrash);
        StoreInvariants.AssertEveryStateDocumentParses(afterCrash);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(afterCrash, StoreContainers.Lake), "*.parquet", SearchOption.AllDirectories).Length);

        Assert.Equal([$"locks/{ExtractIngestor.PublishLockName(LandingPath.Parse(correction))}.lock"], await DeadHolderLocks.BreakAsync(store));
        await using (FunctionWorker retry = await StartWorkerAsync(null))
        {
            Invocation redelivered = await Ingest(retry, store, correction);
            Assert.True(redelivered.Succeeded, redelivered.Error);
        }

        string afterRetry = Path.Combine(_downloaded.Path, "after-retry");
        await StoreSnapshot.CopyAsync(store, afterRetry, Published);
        SerialReference.CopyFolder(Path.Combine(landing.Root, StoreContainers.Landing), Path.Combine(afterRetry, StoreContainers.Landing));
        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(afterRetry, [correction]);
    }

    private static Task<Invocation> Ingest(FunctionWorker worker, AzureBlobStore store, string path) =>
        worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", store.ContainerName(StoreContainers.Landing), path);

    private Task<FunctionWorker> StartWorkerAsync(string? killAfter)
    {
        var environment = new Dictionary<string, string>
        {
            ["ScorecardStorage"] = AzuriteEnvironment.RequireConnectionString(),
            ["Scorecard__ContainerPrefix"] = _prefix,
            ["DOTNET_DbgEnableMiniDump"] = "0",
        };
        if (killAfter is not null)
        {
            environment[FaultPoint.Variable] = killAfter;
        }

        return PublishedWorker.StartAsync(environment);
    }

    /// <summary>Uploads one landing file, as the blob whose BlobCreated event triggers the ingest.</summary>
    private static async Task LandAsync(AzureBlobStore store, LandingSet landing, string path) =>
        await store.UploadFileAsync(StoreContainers.Landing, path, Path.Combine(landing.Root, StoreContainers.Landing, path));
}
