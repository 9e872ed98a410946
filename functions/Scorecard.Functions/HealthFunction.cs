using System.Text.Json;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// HTTP trigger (anonymous): whether the store answers, and the last mart build (when it started, whether it
/// passed). 200 when the store answers, 503 when it does not. Shows the store's location, never a key or an error text.
/// </summary>
internal static class HealthFunction
{
    public const string Name = "Health";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IResult> InvokeAsync(InvokeRequest request, IBlobStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ILogger log = loggers.CreateLogger(Name);
        MartBuildRecord? last;
        try
        {
            last = await LastBuild.ReadAsync(store, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Store {Location} is not reachable: {Error}", store.Location, e.Message);
            // The error stays in the log: this answer is anonymous.
            string down = JsonSerializer.Serialize(new { status = "unhealthy", store = store.Location, reachable = false }, Json);
            return Results.Json(InvokeResponse.Http(503, down, ["store not reachable"]));
        }

        var lastBuild = last is null ? null : new { last.StartedAt, last.DurationMs, last.Succeeded, last.Error };
        string body = JsonSerializer.Serialize(new { status = "healthy", store = store.Location, reachable = true, lastBuild }, Json);
        return Results.Json(InvokeResponse.Http(200, body, ["healthy"]));
    }
}
