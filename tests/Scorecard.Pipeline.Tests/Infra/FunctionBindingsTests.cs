using System.Text.Json.Nodes;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>The function app's bindings and the infrastructure agree: every queue a function reads or writes is created
/// by the Bicep, and every connection a binding names has identity-based app settings for that service.</summary>
public sealed class FunctionBindingsTests
{
    private static readonly CompiledTemplate Template = CompiledTemplate.Main;

    public static TheoryData<string> FunctionJsonFiles() =>
        new(Directory.GetFiles(RepositoryRoot.File("functions", "Scorecard.Functions"), "function.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f)));

    [Theory]
    [MemberData(nameof(FunctionJsonFiles))]
    public void Every_queue_and_connection_of_a_function_exists_in_the_bicep(string functionJson)
    {
        var bindings = JsonNode.Parse(File.ReadAllText(RepositoryRoot.File(functionJson)))!["bindings"]!.AsArray();
        var queues = Template.ResourcesOfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .SelectMany(pair => CompiledTemplate.LeafNames(pair.Resource, pair.Module.Template)).ToHashSet();
        var (_, site) = Assert.Single(Template.ResourcesOfType("Microsoft.Web/sites"));
        var settings = site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Select(setting => setting!["name"]!.GetValue<string>()).ToHashSet();

        foreach (JsonNode? binding in bindings)
        {
            string type = binding!["type"]!.GetValue<string>();
            if (binding["queueName"]?.GetValue<string>() is { } queue)
            {
                Assert.Contains(queue, queues);
            }

            if (binding["connection"]?.GetValue<string>() is { } connection && type.StartsWith("queue", StringComparison.Ordinal))
            {
                Assert.Contains($"{connection}__queueServiceUri", settings);
                Assert.Contains($"{connection}__credential", settings);
            }
        }
    }
}
