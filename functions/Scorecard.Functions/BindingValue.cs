using System.Text;
using System.Text.Json;

namespace Scorecard.Functions;

/// <summary>
/// Decodes a value of the host's payload. The host JSON-encodes strings once more (<c>"\"a.csv\""</c>), a queue
/// message may be plain JSON or base64 of it (Event Grid's storage-queue delivery has been seen both ways), and
/// objects arrive as objects. Everything ends up as a plain string or a parsed JSON element.
/// </summary>
internal static class BindingValue
{
    /// <summary>The value as text: a string unwrapped (twice when double encoded), anything else as its raw JSON.</summary>
    public static string? AsText(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return element.GetRawText();
        }

        string text = element.GetString()!;
        return text.StartsWith('"') ? JsonSerializer.Deserialize<string>(text) : text;
    }

    /// <summary>A message body as JSON: an object or array as is, else the text parsed as JSON, else base64-decoded and parsed.</summary>
    public static JsonElement AsJson(JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } element)
        {
            return element;
        }

        string text = (AsText(value) ?? throw new FormatException("the message is empty")).Trim();
        if (!text.StartsWith('{') && !text.StartsWith('['))
        {
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Trim();
            }
            catch (FormatException)
            {
                throw new FormatException("the message is neither JSON nor base64-encoded JSON");
            }
        }

        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>One property of a JSON message (decoded as <see cref="AsJson"/> does), or null when absent.</summary>
    public static JsonElement? Property(JsonElement? message, string name) =>
        message is null ? null
        : AsJson(message) is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out JsonElement value) ? value : null;

    /// <summary>A timestamp value (e.g. a queue message's <c>InsertionTime</c>), or null when absent or unreadable.</summary>
    public static DateTimeOffset? AsTimestamp(JsonElement? value) =>
        DateTimeOffset.TryParse(AsText(value), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset time) ? time : null;
}
