using System.Text.Json;

namespace Scorecard.Pipeline.Mapping;

/// <summary>One JSON record, read by dotted path (<c>Agent.Username</c>). A missing property or JSON null reads as null;
/// numbers and booleans as their JSON text.</summary>
internal sealed class JsonSourceRecord(IReadOnlyDictionary<string, IReadOnlySet<string>> nullValues) : SourceRecord(nullValues)
{
    public JsonElement Record { get; set; }

    protected override string? Raw(string column)
    {
        JsonElement current = Record;
        foreach (string part in column.Split('.'))
        {
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
