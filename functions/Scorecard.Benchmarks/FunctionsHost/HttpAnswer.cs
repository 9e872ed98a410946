using System.Net;
using System.Text.Json;

namespace Scorecard.Benchmarks.FunctionsHost;

/// <summary>An HTTP function's answer as the worker's ASP.NET Core server gave it to the (test) host.</summary>
public sealed record HttpAnswer(Invocation Invocation, HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body);
}
