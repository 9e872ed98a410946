using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// Blob trigger on <c>landing/</c>, delivered by Event Grid (<c>BlobCreated</c>). The binding is a <see cref="BlobClient"/>,
/// so the host sends only a reference; the ingest streams the blob through the store as the CLI does, and when the
/// extract reached the lake returns a build request for <c>build-requests</c>. A rejected extract is recorded in the
/// audit and acknowledged (retrying cannot fix it); a repeated delivery is a no-op (the ingest answers AlreadyIngested
/// or Unchanged); a storage failure throws, so the invocation fails and the host retries it.
/// </summary>
internal sealed class IngestExtractFunction(IBlobStore store, IngestOptions options, PseudonymKeyCheck keyCheck, ILogger<IngestExtractFunction> log)
{
    public const string Name = "IngestExtract";

    [Function(Name)]
    [QueueOutput(StoreNames.BuildRequestsQueue, Connection = StoreNames.Connection)]
    public async Task<BuildRequest?> RunAsync(
        [BlobTrigger(StoreNames.LandingBlobs, Source = BlobTriggerSource.EventGrid, Connection = StoreNames.Connection)] BlobClient blob,
        CancellationToken cancellationToken)
    {
        keyCheck.ThrowIfRefused(); // fails the invocation: the event is retried, then kept to replay

        string landing = StoreConfiguration.LandingContainer(store);
        if (blob.BlobContainerName != landing)
        {
            log.LogInformation("Ignored {BlobUrl}: not a blob of {Container}", blob.Uri, landing);
            return null;
        }

        IngestResult result;
        try
        {
            result = await new ExtractIngestor(store, options).IngestAsync(blob.Name, cancellationToken: cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            log.LogWarning("Landing blob {LandingPath} is gone; nothing to ingest", blob.Name);
            return null;
        }

        LogLevel level = result.Status == IngestStatus.Rejected ? LogLevel.Warning : LogLevel.Information;
        log.Log(level, "{Status} {LandingPath} as {ExtractId}: {Message}", result.Status, result.LandingPath, result.ExtractId, result.Message);
        return result.Status == IngestStatus.Ingested ? new BuildRequest("ingested", DateTimeOffset.UtcNow, result.LandingPath) : null;
    }
}
