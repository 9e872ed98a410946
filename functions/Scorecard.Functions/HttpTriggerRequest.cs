using System.Text.Json;

namespace Scorecard.Functions;

/// <summary>The host's request object of an HTTP trigger (<c>Query</c> maps names to values, <c>Headers</c> names to value lists).</summary>
internal sealed class HttpTriggerRequest(JsonElement? req)
{
    /// <summary>The query parameters in the order the host sent them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters { get; } = Pairs(req, "Query");

    /// <summary>True for <c>format=html</c>, or without <c>format</c> an <c>Accept</c> header that names text/html before any JSON type.</summary>
    public bool WantsHtml
    {
        get
        {
            if (Query("format") is { } format)
            {
                return format.Equals("html", StringComparison.OrdinalIgnoreCase);
            }

            string accept = string.Join(',', Pairs(req, "Headers").Where(h => h.Key.Equals("Accept", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
            int html = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
            int json = accept.IndexOf("json", StringComparison.OrdinalIgnoreCase);
            return html >= 0 && (json < 0 || html < json);
        }
    }

    public string? Query(string name) =>
        QueryParameters.Where(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).FirstOrDefault();

    private static List<KeyValuePair<string, string>> Pairs(JsonElement? req, string property)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (req is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(property, out JsonElement map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                IEnumerable<JsonElement> values = entry.Value.ValueKind == JsonValueKind.Array ? entry.Value.EnumerateArray() : [entry.Value];
                pairs.AddRange(values.Select(v => BindingValue.AsText(v)).OfType<string>().Select(v => KeyValuePair.Create(entry.Name, v)));
            }
        }

        return pairs;
    }
}
