using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// Timer trigger (05:30 UTC): a safety net for lost events. Returns a build request for <c>build-requests</c> when the
/// lake changed after the last build started, or the last build failed; otherwise nothing. It only asks:
/// <see cref="BuildMartFunction"/> builds, so builds stay one at a time and coalesce.
/// </summary>
internal sealed class NightlyMartFunction(IBlobStore store, ILogger<NightlyMartFunction> log)
{
    public const string Name = "NightlyMart";
    public const string Schedule = "0 30 5 * * *";

    [Function(Name)]
    [QueueOutput(StoreNames.BuildRequestsQueue, Connection = StoreNames.Connection)]
    public async Task<BuildRequest?> RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        MartBuildRecord? last = await LastBuild.ReadAsync(store, cancellationToken);
        DateTimeOffset? newestLake = null;
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Lake, "", cancellationToken))
        {
            newestLake = newestLake is null || blob.LastModified > newestLake ? blob.LastModified : newestLake;
        }

        bool wanted = newestLake is not null && (last is null || !last.Succeeded || newestLake > last.StartedAt);
        log.LogInformation("Lake last changed {NewestLake}, last build started {LastBuild}: build {Decision} (past due: {IsPastDue})",
            newestLake, last?.StartedAt, wanted ? "requested" : "not needed", timer.IsPastDue);
        return wanted ? new BuildRequest("nightly", DateTimeOffset.UtcNow) : null;
    }
}
