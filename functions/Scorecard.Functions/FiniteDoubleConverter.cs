using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scorecard.Functions;

/// <summary>
/// Writes NaN and infinities as null: JSON has no such numbers, and a ratio over an empty denominator (a dataset not
/// landed yet) gives them. Null is what the scorecard already says for "no data".
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
