using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// HTTP trigger (anonymous): whether the store answers, and the last mart build (when it started, whether it
/// passed). 200 when the store answers, 503 when it does not. Shows the store's location, never a key or an error text.
/// </summary>
internal sealed class HealthFunction(IBlobStore store, ILogger<HealthFunction> log)
{
    public const string Name = "Health";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(Name)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post")] HttpRequest req, CancellationToken cancellationToken)
    {
        MartBuildRecord? last;
        try
        {
            last = await LastBuild.ReadAsync(store, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Store {Location} is not reachable: {Error}", store.Location, e.Message);
            // The error stays in the log: this answer is anonymous.
            return ScorecardFunction.JsonAnswer(503, JsonSerializer.Serialize(new { status = "unhealthy", store = store.Location, reachable = false }, Json));
        }

        var lastBuild = last is null ? null : new { last.StartedAt, last.DurationMs, last.Succeeded, last.Error };
        return ScorecardFunction.JsonAnswer(200, JsonSerializer.Serialize(new { status = "healthy", store = store.Location, reachable = true, lastBuild }, Json));
    }
}
