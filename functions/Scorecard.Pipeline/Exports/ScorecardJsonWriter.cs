using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Writes an export as JSON: <c>{"period_grain", "period_start", "period_end", "level", "rows": [...]}</c>, each row
/// an object with the <see cref="ScorecardExportColumns"/> names; numbers as JSON numbers, missing values as null.
/// </summary>
public static class ScorecardJsonWriter
{
    public static string Write(ScorecardExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteString("period_grain", export.Period.Grain);
            json.WriteString("period_start", Date(export.Period.Start));
            json.WriteString("period_end", Date(export.Period.End));
            json.WriteString("level", export.Level);
            json.WriteStartArray("rows");
            foreach (ScorecardExportRow row in export.Rows)
            {
                json.WriteStartObject();
                foreach (var (name, value) in ScorecardExportColumns.All)
                {
                    switch (value(row))
                    {
                        case null:
                            json.WriteNull(name);
                            break;
                        case double d when double.IsFinite(d):
                            json.WriteNumber(name, d);
                            break;
                        case double:
                            json.WriteNull(name);
                            break;
                        case long l:
                            json.WriteNumber(name, l);
                            break;
                        case int i:
                            json.WriteNumber(name, i);
                            break;
                        case bool b:
                            json.WriteBoolean(name, b);
                            break;
                        case DateOnly date:
                            json.WriteString(name, Date(date));
                            break;
                        case var other:
                            json.WriteString(name, Convert.ToString(other, CultureInfo.InvariantCulture));
                            break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
