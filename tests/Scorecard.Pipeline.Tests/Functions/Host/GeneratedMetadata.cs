using System.Text.Json;

namespace Scorecard.Pipeline.Tests.Functions.Host;

/// <summary>
/// The <c>functions.metadata</c> the Worker.Sdk generated from the function classes' attributes, read from the
/// published app: what the real host indexes, so the tests check the bindings the host will really use.
/// </summary>
public static class GeneratedMetadata
{
    public static string FilePath => Path.Combine(PublishedWorker.Folder, "functions.metadata");

    /// <summary>Every function by name, with its bindings.</summary>
    public static IReadOnlyDictionary<string, JsonElement[]> ByFunction()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return document.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>A string property of a binding, or null.</summary>
    public static string? Text(JsonElement binding, string name) =>
        binding.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A function's trigger binding.</summary>
    public static JsonElement Trigger(string function) =>
        ByFunction()[function].Single(b => Text(b, "type")!.EndsWith("Trigger", StringComparison.Ordinal));
}
