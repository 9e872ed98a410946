using System.Text.Json;
using System.Xml.Linq;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>host.json and every function.json: parseable, and consistent with the handler and with each other.</summary>
public sealed class FunctionDefinitionTests
{
    private static readonly string ProjectFolder = RepositoryRoot.File("functions", "Scorecard.Functions");

    private static readonly string[] FunctionNames = ["IngestExtract", "BuildMart", "Scorecard", "Health", "NightlyMart"];

    public static TheoryData<string> Functions => new(FunctionNames);

    [Fact]
    public void Every_function_folder_is_a_function_the_handler_serves()
    {
        string[] folders = Directory.GetDirectories(ProjectFolder)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(FunctionNames.Order(StringComparer.Ordinal), folders);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Function_bindings_use_the_store_connection_and_known_queues(string function)
    {
        JsonElement[] bindings = Bindings(function);

        Assert.Single(bindings, b => Text(b, "direction") == "in" && Text(b, "type")!.EndsWith("Trigger", StringComparison.Ordinal));
        foreach (JsonElement binding in bindings.Where(b => Text(b, "type") is "queueTrigger" or "queue"))
        {
            Assert.Equal("ScorecardStorage", Text(binding, "connection"));
            Assert.Contains(Text(binding, "queueName"), new[] { "ingest-events", "build-requests" });
        }

        foreach (JsonElement output in bindings.Where(b => Text(b, "type") == "queue"))
        {
            Assert.Equal(("buildRequest", "build-requests"), (Text(output, "name"), Text(output, "queueName")));
        }
    }

    [Fact]
    public void Queue_triggers_and_http_triggers_are_wired_as_designed()
    {
        Assert.Equal(("message", "ingest-events"), Trigger("IngestExtract", "queueName"));
        Assert.Equal(("request", "build-requests"), Trigger("BuildMart", "queueName"));
        Assert.Equal(("req", "function"), Trigger("Scorecard", "authLevel"));
        Assert.Equal(("req", "anonymous"), Trigger("Health", "authLevel"));
        Assert.Equal(("timer", "0 30 5 * * *"), Trigger("NightlyMart", "schedule"));
        Assert.All(new[] { "Scorecard", "Health" }, f => Assert.Contains(Bindings(f), b => Text(b, "type") == "http" && Text(b, "name") == "res"));
    }

    [Fact]
    public void Host_json_starts_the_handler_the_project_builds_with_bounded_queue_retries()
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("host.json")));
        JsonElement root = host.RootElement;
        string assemblyName = XDocument.Load(Path.Combine(ProjectFolder, "Scorecard.Functions.csproj")).Descendants("AssemblyName").Single().Value;

        Assert.Equal("2.0", Text(root, "version"));
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", Text(root.GetProperty("extensionBundle"), "id"));
        JsonElement handler = root.GetProperty("customHandler");
        Assert.Equal(assemblyName, Text(handler.GetProperty("description"), "defaultExecutablePath"));
        Assert.False(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal(5, root.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        Assert.True(TimeSpan.TryParse(Text(root, "functionTimeout"), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    private static (string?, string?) Trigger(string function, string property)
    {
        JsonElement trigger = Bindings(function).Single(b => Text(b, "direction") == "in");
        return (Text(trigger, "name"), Text(trigger, property));
    }

    private static JsonElement[] Bindings(string function)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProjectFolder, function, "function.json")));
        return document.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToArray();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
