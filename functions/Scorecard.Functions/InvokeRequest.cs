using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scorecard.Functions;

/// <summary>
/// What the Functions host POSTs to <c>/&lt;FunctionName&gt;</c>: one <see cref="Data"/> entry per input binding (by
/// binding name) and the trigger's <see cref="Metadata"/>. Values may arrive JSON-encoded twice; read them with
/// <see cref="BindingValue"/>.
/// </summary>
internal sealed record InvokeRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata)
{
    public JsonElement? Input(string bindingName) =>
        Data is not null && Data.TryGetValue(bindingName, out JsonElement value) ? value : null;

    public JsonElement? MetadataValue(string key) =>
        Metadata is not null && Metadata.TryGetValue(key, out JsonElement value) ? value : null;
}
