using System.Text.Json;
using System.Text.Json.Serialization;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Ingest;

/// <summary>Reads and writes the small JSON documents kept in the <c>state</c> container (snake_case, enums as text).</summary>
internal static class StateDocuments
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<T?> ReadAsync<T>(IBlobStore store, string path, CancellationToken cancellationToken)
        where T : class
    {
        // One request, not an existence check and then a read: a scan of landing/ reads one marker per blob.
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(StoreContainers.State, path, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            return null;
        }

        await using (stream)
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken);
        }
    }

    public static async Task WriteAsync<T>(IBlobStore store, string path, T document, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, Json));
        await store.WriteAsync(StoreContainers.State, path, buffer, cancellationToken);
    }
}
