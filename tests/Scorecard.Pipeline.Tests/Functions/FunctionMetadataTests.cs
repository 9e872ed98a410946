using System.Text.Json;
using Scorecard.Pipeline.Tests.Functions.Host;
using static Scorecard.Pipeline.Tests.Functions.Host.GeneratedMetadata;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>The generated functions.metadata and host.json: the functions the app defines, wired as designed.</summary>
public sealed class FunctionMetadataTests
{
    private static readonly string[] FunctionNames = ["BuildMart", "Health", "IngestExtract", "NightlyMart", "Scorecard"];

    [Fact]
    public void The_app_defines_exactly_the_five_functions()
    {
        Assert.Equal(FunctionNames, ByFunction().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_queue_binding_uses_the_store_connection_and_the_build_requests_queue()
    {
        var queues = ByFunction().SelectMany(f => f.Value).Where(b => Text(b, "type") is "queueTrigger" or "queue").ToList();

        Assert.Equal(3, queues.Count);
        Assert.All(queues, b => Assert.Equal(("ScorecardStorage", "build-requests"), (Text(b, "connection"), Text(b, "queueName"))));
    }

    [Fact]
    public void Triggers_are_wired_as_designed()
    {
        JsonElement blob = Trigger("IngestExtract");

        Assert.Equal(("blobTrigger", "landing/{name}", "EventGrid", "ScorecardStorage"), (Text(blob, "type"), Text(blob, "path"), Text(blob, "source"), Text(blob, "connection")));
        Assert.Equal(("queueTrigger", "build-requests"), (Text(Trigger("BuildMart"), "type"), Text(Trigger("BuildMart"), "queueName")));
        Assert.Equal(("timerTrigger", "0 30 5 * * *"), (Text(Trigger("NightlyMart"), "type"), Text(Trigger("NightlyMart"), "schedule")));
        Assert.Equal("Function", Text(Trigger("Scorecard"), "authLevel"));
        Assert.Equal("Anonymous", Text(Trigger("Health"), "authLevel"));
        Assert.All(new[] { "IngestExtract", "NightlyMart" }, f => Assert.Contains(ByFunction()[f], b => Text(b, "type") == "queue" && Text(b, "direction") == "Out"));
    }

    [Fact]
    public void The_blob_trigger_is_a_reference_never_the_blobs_bytes()
    {
        JsonElement blob = Trigger("IngestExtract");

        // A string or byte[] parameter would be generated with a dataType and make the host download the whole blob.
        Assert.Null(Text(blob, "dataType"));
        Assert.Equal("True", Text(blob.GetProperty("properties"), "supportsDeferredBinding"));
    }

    [Fact]
    public void The_root_host_json_is_the_apps_host_json_with_bounded_retries_and_no_custom_handler()
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("host.json")));
        JsonElement root = host.RootElement;

        Assert.Equal("2.0", Text(root, "version"));
        Assert.False(root.TryGetProperty("customHandler", out _));
        Assert.False(root.TryGetProperty("extensionBundle", out _), "the isolated worker brings its own extensions (.azurefunctions)");
        Assert.Equal(5, root.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        Assert.True(TimeSpan.TryParse(Text(root, "functionTimeout"), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(File.ReadAllText(RepositoryRoot.File("host.json")), File.ReadAllText(Path.Combine(PublishedWorker.Folder, "host.json")));
    }
}
