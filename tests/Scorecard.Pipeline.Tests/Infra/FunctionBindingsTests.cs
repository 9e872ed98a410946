using System.Text.Json;
using Scorecard.Pipeline.Tests.Functions.Host;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>
/// The function app's bindings, as the Worker.Sdk generated them into functions.metadata, and the infrastructure
/// agree: every queue a binding reads or writes and every container a blob trigger watches is created by the Bicep,
/// and every connection a binding names has identity-based app settings for the services that binding uses.
/// </summary>
public sealed class FunctionBindingsTests
{
    private static readonly CompiledTemplate Template = CompiledTemplate.Main;

    public static TheoryData<string> Functions() => new(GeneratedMetadata.ByFunction().Keys);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_queue_container_and_connection_of_a_function_exists_in_the_bicep(string function)
    {
        var queues = Template.ResourcesOfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .SelectMany(pair => CompiledTemplate.LeafNames(pair.Resource, pair.Module.Template)).ToHashSet();
        var containers = Template.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .SelectMany(pair => CompiledTemplate.LeafNames(pair.Resource, pair.Module.Template)).ToHashSet();
        var (_, site) = Assert.Single(Template.ResourcesOfType("Microsoft.Web/sites"));
        var settings = site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Select(setting => setting!["name"]!.GetValue<string>()).ToHashSet();

        foreach (JsonElement binding in GeneratedMetadata.ByFunction()[function])
        {
            string type = GeneratedMetadata.Text(binding, "type")!;
            if (GeneratedMetadata.Text(binding, "queueName") is { } queue)
            {
                Assert.Contains(queue, queues);
            }

            if (type == "blobTrigger")
            {
                Assert.Contains(GeneratedMetadata.Text(binding, "path")!.Split('/')[0], containers);
            }

            if (GeneratedMetadata.Text(binding, "connection") is { } connection)
            {
                Assert.Contains($"{connection}__credential", settings);
                Assert.Contains($"{connection}__clientId", settings);
                // Queue bindings need the queue service; a blob trigger needs both (its poison queue lives beside the blob).
                Assert.Contains($"{connection}__queueServiceUri", settings);
                if (type.StartsWith("blob", StringComparison.Ordinal))
                {
                    Assert.Contains($"{connection}__blobServiceUri", settings);
                }
            }
        }
    }

    [Fact]
    public void The_metadata_names_every_binding_type_the_tests_check()
    {
        var types = GeneratedMetadata.ByFunction().Values.SelectMany(b => b).Select(b => GeneratedMetadata.Text(b, "type")).ToHashSet();

        Assert.Superset(new HashSet<string?> { "blobTrigger", "queueTrigger", "queue", "timerTrigger", "httpTrigger" }, types);
    }
}
