using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// Queue trigger on <c>ingest-events</c>: an Event Grid <c>BlobCreated</c> event for a blob under <c>landing/</c>.
/// Ingests that blob (streamed from the store, never inlined by the host) and, when it reached the lake, puts a
/// build request on <c>build-requests</c>. A rejected extract is recorded in the audit and acknowledged (retrying
/// cannot fix it); a repeated delivery is a no-op (the ingest answers AlreadyIngested or Unchanged); a storage
/// failure throws, so the invocation fails and the queue retries.
/// </summary>
internal static class IngestExtractFunction
{
    public const string Name = "IngestExtract";
    public const string TriggerBinding = "message";
    public const string BuildRequestBinding = "buildRequest";

    public static async Task<IResult> InvokeAsync(
        InvokeRequest request, IBlobStore store, IngestOptions options, PseudonymKeyCheck keyCheck, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ILogger log = loggers.CreateLogger(Name);
        keyCheck.ThrowIfRefused(); // fails the invocation: the message is retried, then kept in the poison queue to replay

        var logs = new List<string>();
        var outputs = new Dictionary<string, object?>();
        string landing = StoreConfiguration.LandingContainer(store);
        foreach (BlobCreatedEvent blobEvent in BlobCreatedEvent.ParseAll(BindingValue.AsJson(request.Input(TriggerBinding))))
        {
            string? path = blobEvent.IsBlobCreated ? blobEvent.PathInside(landing) : null;
            if (path is null)
            {
                log.LogInformation("Ignored {EventType} for {BlobUrl}: not a blob created in {Container}", blobEvent.EventType, blobEvent.BlobUrl, landing);
                logs.Add($"ignored {blobEvent.EventType} for {blobEvent.BlobUrl}");
                continue;
            }

            IngestResult result;
            try
            {
                result = await new ExtractIngestor(store, options).IngestAsync(path, cancellationToken: cancellationToken);
            }
            catch (BlobNotFoundException)
            {
                log.LogWarning("Landing blob {LandingPath} is gone; nothing to ingest", path);
                logs.Add($"gone {path}");
                continue;
            }

            LogLevel level = result.Status == IngestStatus.Rejected ? LogLevel.Warning : LogLevel.Information;
            log.Log(level, "{Status} {LandingPath} as {ExtractId}: {Message}", result.Status, result.LandingPath, result.ExtractId, result.Message);
            logs.Add($"{result.Status} {result.LandingPath}: {result.Message}");
            if (result.Status == IngestStatus.Ingested)
            {
                outputs[BuildRequestBinding] = new BuildRequest("ingested", DateTimeOffset.UtcNow, result.LandingPath);
            }
        }

        return Results.Json(new InvokeResponse(outputs, logs));
    }
}
