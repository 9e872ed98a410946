using System.Text.Encodings.Web;
using System.Text.Json;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Writes a <see cref="DataDictionary"/> as JSON (<c>data_dictionary.json</c>): snake_case names,
/// <c>{"database", "tables": [{"schema", "name", "description", "grain", "key", "parquet_path", "row_count",
/// "columns": [{"name", "data_type", "unit", "description"}]}], "kpis": [...]}</c>.
/// </summary>
public static class DataDictionaryJsonWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
    };

    public static string Write(DataDictionary dictionary) => JsonSerializer.Serialize(dictionary, Options);
}
