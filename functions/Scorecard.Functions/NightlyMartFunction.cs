using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// Timer trigger (05:30 UTC): a safety net for lost events. Puts a build request on <c>build-requests</c> when the
/// lake changed after the last build started, or the last build failed; otherwise does nothing. It only asks:
/// <see cref="BuildMartFunction"/> builds, so builds stay one at a time and coalesce.
/// </summary>
internal static class NightlyMartFunction
{
    public const string Name = "NightlyMart";
    public const string BuildRequestBinding = "buildRequest";

    public static async Task<IResult> InvokeAsync(InvokeRequest request, IBlobStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ILogger log = loggers.CreateLogger(Name);
        MartBuildRecord? last = await LastBuild.ReadAsync(store, cancellationToken);
        DateTimeOffset? newestLake = null;
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Lake, "", cancellationToken))
        {
            newestLake = newestLake is null || blob.LastModified > newestLake ? blob.LastModified : newestLake;
        }

        bool wanted = newestLake is not null && (last is null || !last.Succeeded || newestLake > last.StartedAt);
        log.LogInformation("Lake last changed {NewestLake}, last build started {LastBuild}: build {Decision}",
            newestLake, last?.StartedAt, wanted ? "requested" : "not needed");
        var outputs = new Dictionary<string, object?>();
        if (wanted)
        {
            outputs[BuildRequestBinding] = new BuildRequest("nightly", DateTimeOffset.UtcNow);
        }

        return Results.Json(new InvokeResponse(outputs, [wanted ? "build requested" : "build not needed"]));
    }
}
