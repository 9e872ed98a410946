using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Scorecard.Functions;

/// <summary>Reads a trigger's metadata (the host sends values as JSON: a timestamp arrives as <c>"\"2026-...\""</c>).</summary>
internal static class TriggerMetadata
{
    /// <summary>The timestamp <paramref name="name"/> of the trigger (e.g. a queue message's <c>InsertionTime</c>), or null.</summary>
    public static DateTimeOffset? Timestamp(FunctionContext context, string name)
    {
        if (!context.BindingContext.BindingData.TryGetValue(name, out object? value) || value is null)
        {
            return null;
        }

        string text = value.ToString()!.Trim();
        if (text.StartsWith('"'))
        {
            text = JsonSerializer.Deserialize<string>(text) ?? "";
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time) ? time : null;
    }
}
