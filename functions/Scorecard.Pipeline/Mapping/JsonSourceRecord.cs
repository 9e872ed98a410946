using System.Globalization;
using System.Text.Json;

namespace Scorecard.Pipeline.Mapping;

/// <summary>One JSON record, read by dotted path (<c>Agent.Username</c>; a number picks an array element:
/// <c>CurrentAgentSnapshot.Contacts.0.State</c>). A missing property or element, or JSON null, reads as null;
/// numbers and booleans as their JSON text.</summary>
internal sealed class JsonSourceRecord(IReadOnlyDictionary<string, IReadOnlySet<string>> nullValues) : SourceRecord(nullValues)
{
    public JsonElement Record { get; set; }

    protected override string? Raw(string column)
    {
        JsonElement current = Record;
        foreach (string part in column.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                if (index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
                continue;
            }

            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => current.GetString(),
            _ => current.GetRawText(),
        };
    }
}
