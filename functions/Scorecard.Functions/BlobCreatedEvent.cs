using System.Text.Json;

namespace Scorecard.Functions;

/// <summary>
/// The part of an Event Grid event the ingest needs: its type and the blob URL (<c>data.url</c>). Accepts the Event
/// Grid schema (<c>eventType</c>) and the CloudEvents schema (<c>type</c>).
/// </summary>
internal sealed record BlobCreatedEvent(string EventType, Uri BlobUrl)
{
    public const string BlobCreated = "Microsoft.Storage.BlobCreated";

    public bool IsBlobCreated => string.Equals(EventType, BlobCreated, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every event in a queue message: one event object, or an array of them.</summary>
    public static IReadOnlyList<BlobCreatedEvent> ParseAll(JsonElement message) =>
        message.ValueKind == JsonValueKind.Array ? message.EnumerateArray().Select(Parse).ToList() : [Parse(message)];

    public static BlobCreatedEvent Parse(JsonElement element)
    {
        string type = Text(element, "eventType") ?? Text(element, "type") ?? "";
        string url = element.TryGetProperty("data", out JsonElement data) ? Text(data, "url") ?? "" : "";
        return Uri.TryCreate(url, UriKind.Absolute, out Uri? blobUrl)
            ? new BlobCreatedEvent(type, blobUrl)
            : throw new FormatException($"the event has no absolute data.url (event type '{type}')");
    }

    /// <summary>
    /// The blob's path inside <paramref name="container"/> (e.g. <c>telephony/contacts/2026-10-01/contacts.csv</c>),
    /// or null when the URL points into another container. Works for Azure (<c>/container/path</c>) and Azurite
    /// (<c>/account/container/path</c>) URLs.
    /// </summary>
    public string? PathInside(string container)
    {
        string[] segments = BlobUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int index = Array.FindIndex(segments, s => string.Equals(Uri.UnescapeDataString(s), container, StringComparison.Ordinal));
        return index < 0 || index > 1 || index == segments.Length - 1
            ? null
            : string.Join('/', segments[(index + 1)..].Select(Uri.UnescapeDataString));
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
