using System.Net;
using Azure.Storage.Blobs;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Functions;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Crash safety on Azure storage: the function app's handler (against Azurite) dies while publishing a correction, and
/// the queue redelivers the event to a fresh instance, which completes the job.
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
        string originalEvent = await LandAsync(store, landing, original);
        string correctionEvent = await LandAsync(store, landing, correction);

        await using (HandlerProcess first = await StartHandlerAsync(null))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.InvokeAsync("IngestExtract", Trigger(originalEvent))).Status);
        }

        await using (HandlerProcess dying = await StartHandlerAsync(FaultPoint.IngestAfterPointer))
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => dying.InvokeAsync("IngestExtract", Trigger(correctionEvent)));
        }

        string afterCrash = await StoreSnapshot.CopyAsync(store, Path.Combine(_downloaded.Path, "after-crash"), Published);
        StoreInvariants.AssertEveryParquetFileReadsWhole(afterCrash);
        StoreInvariants.AssertEveryStateDocumentParses(afterCrash);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(afterCrash, StoreContainers.Lake), "*.parquet", SearchOption.AllDirectories).Length);

        Assert.Equal([$"locks/{ExtractIngestor.PublishLockName(LandingPath.Parse(correction))}.lock"], await DeadHolderLocks.BreakAsync(store));
        await using (HandlerProcess retry = await StartHandlerAsync(null))
        {
            Assert.Equal(HttpStatusCode.OK, (await retry.InvokeAsync("IngestExtract", Trigger(correctionEvent, dequeueCount: 2))).Status);
        }

        string afterRetry = Path.Combine(_downloaded.Path, "after-retry");
        await StoreSnapshot.CopyAsync(store, afterRetry, Published);
        SerialReference.CopyFolder(Path.Combine(landing.Root, StoreContainers.Landing), Path.Combine(afterRetry, StoreContainers.Landing));
        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(afterRetry, [correction]);
    }

    private static object Trigger(string message, int dequeueCount = 1) =>
        HostPayloads.QueueTrigger("message", message, DateTimeOffset.UtcNow, dequeueCount);

    private Task<HandlerProcess> StartHandlerAsync(string? killAfter)
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

        return HandlerProcess.StartAsync(environment);
    }

    /// <summary>Uploads one landing file and returns the BlobCreated event the queue would carry for it.</summary>
    private static async Task<string> LandAsync(AzureBlobStore store, LandingSet landing, string path)
    {
        string local = Path.Combine(landing.Root, StoreContainers.Landing, path);
        await store.UploadFileAsync(StoreContainers.Landing, path, local);
        BlobClient blob = new BlobServiceClient(AzuriteEnvironment.RequireConnectionString())
            .GetBlobContainerClient(store.ContainerName(StoreContainers.Landing)).GetBlobClient(path);
        return HostPayloads.BlobCreatedEvent(blob.Uri, new FileInfo(local).Length);
    }
}
