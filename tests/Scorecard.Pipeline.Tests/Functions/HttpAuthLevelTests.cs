using System.Text.Json;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>Every HTTP function needs a function key, except the Health probe.</summary>
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
        var triggers = Directory.GetFiles(RepositoryRoot.File("functions", "Scorecard.Functions"), "function.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file =>
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                string function = Path.GetFileName(Path.GetDirectoryName(file))!;
                return json.RootElement.GetProperty("bindings").EnumerateArray()
                    .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                    .Select(b => (Function: function, AuthLevel: b.TryGetProperty("authLevel", out JsonElement level) ? level.GetString() : null))
                    .ToList();
            })
            .ToList();

        Assert.Contains(triggers, t => t.Function == "Scorecard");
        Assert.All(triggers, t =>
        {
            if (Anonymous.ContainsKey(t.Function))
            {
                Assert.Equal("anonymous", t.AuthLevel);
            }
            else
            {
                Assert.True(t.AuthLevel is "function" or "admin", $"{t.Function}/function.json: authLevel is '{t.AuthLevel ?? "(missing)"}', must be function or admin");
            }
        });
    }
}
