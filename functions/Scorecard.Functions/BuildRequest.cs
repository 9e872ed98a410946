using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scorecard.Functions;

/// <summary>A message on the <c>build-requests</c> queue: why a build is wanted and when it was asked for (JSON, camelCase).</summary>
internal sealed record BuildRequest(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("requestedAt")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("landingPath")] string? LandingPath = null)
{
    /// <summary>The <c>requestedAt</c> of a message, or null when the message is not such JSON.</summary>
    public static DateTimeOffset? RequestedAtOf(string message)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(message);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("requestedAt", out JsonElement at)
                && at.TryGetDateTimeOffset(out DateTimeOffset time) ? time : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
