using Scorecard.Pipeline.Tests.Functions.Host;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>Every HTTP function needs a function key, except the Health probe (read from the generated functions.metadata).</summary>
public sealed class HttpAuthLevelTests
{
    /// <summary>HTTP functions that may answer without a key, with the reason.</summary>
    private static readonly Dictionary<string, string> Anonymous = new(StringComparer.Ordinal)
    {
        ["Health"] = "a liveness probe for monitors: store reachable and the last build's time and outcome, no data",
    };

    [Fact]
    public void Every_http_trigger_but_health_requires_a_function_key_or_higher()
    {
        var triggers = GeneratedMetadata.ByFunction()
            .SelectMany(f => f.Value.Where(b => GeneratedMetadata.Text(b, "type") == "httpTrigger")
                .Select(b => (Function: f.Key, AuthLevel: GeneratedMetadata.Text(b, "authLevel"))))
            .ToList();

        Assert.Contains(triggers, t => t.Function == "Scorecard");
        Assert.All(triggers, t =>
        {
            if (Anonymous.ContainsKey(t.Function))
            {
                Assert.Equal("Anonymous", t.AuthLevel);
            }
            else
            {
                Assert.True(t.AuthLevel is "Function" or "Admin", $"{t.Function}: authLevel is '{t.AuthLevel ?? "(missing)"}', must be Function or Admin");
            }
        });
    }
}
