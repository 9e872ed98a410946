using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// Queue trigger on <c>build-requests</c>: builds the mart. Coalescing: a request is skipped when the last successful
/// build <em>started</em> after the request was enqueued, because the ingest writes the lake before it asks, so that
/// build already read the extract. A burst of extracts therefore costs at most about two builds. Another build
/// holding the lock past <see cref="MartOptions.LockWait"/> fails the invocation (the queue retries later). A build
/// that fails its models or data tests is recorded in <c>state/builds/last.json</c> and acknowledged: the same lake
/// would fail the same way.
/// </summary>
internal sealed class BuildMartFunction(IBlobStore store, MartOptions options, ILogger<BuildMartFunction> log)
{
    public const string Name = "BuildMart";

    [Function(Name)]
    public async Task RunAsync(
        [QueueTrigger(StoreNames.BuildRequestsQueue, Connection = StoreNames.Connection)] string request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? requestedAt = TriggerMetadata.Timestamp(context, "InsertionTime") ?? BuildRequest.RequestedAtOf(request);
        MartBuildRecord? last = await LastBuild.ReadAsync(store, cancellationToken);
        if (requestedAt is { } asked && last is { Succeeded: true } && last.StartedAt >= asked)
        {
            log.LogInformation("Skipped: the build started at {StartedAt} already covers the request of {RequestedAt}", last.StartedAt, asked);
            return;
        }

        try
        {
            MartBuildRecord record = await new MartPublisher(store, options).BuildAsync(options.LockWait, cancellationToken: cancellationToken);
            log.LogInformation("Mart built in {DurationMs} ms: {ModelsRun} models, {DataTestsPassed} data tests passed", record.DurationMs, record.ModelsRun, record.DataTestsPassed);
        }
        catch (Exception e) when (e is ModelRunException or DataTestsFailedException or MartDefinitionException)
        {
            log.LogError("Mart build failed, the previous mart stays: {Error}", e.Message);
        }
    }
}
