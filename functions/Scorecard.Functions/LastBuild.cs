using System.Text.Json;
using System.Text.Json.Serialization;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>Reads the last mart build record (<c>state/builds/last.json</c>, snake_case), or null when none was built.</summary>
internal static class LastBuild
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<MartBuildRecord?> ReadAsync(IBlobStore store, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(StoreContainers.State, MartPublisher.LastBuildPath, cancellationToken) is null)
        {
            return null;
        }

        string text = await store.ReadAllTextAsync(StoreContainers.State, MartPublisher.LastBuildPath, cancellationToken);
        return JsonSerializer.Deserialize<MartBuildRecord>(text, Json);
    }
}
