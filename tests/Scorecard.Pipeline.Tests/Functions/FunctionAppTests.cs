using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Scorecard.SampleData;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// The function app end to end over HTTP: the real handler process against Azurite, fed the payloads the Functions
/// host would send (an Event Grid event in a queue message, the build request it emitted, HTTP and timer triggers).
/// Each test gets its own container prefix, so tests share Azurite without seeing each other's blobs.
/// </summary>
public sealed class FunctionAppTests : IAsyncLifetime
{
    private const string ContactsPath = "telephony/contacts/2026-10-01/contacts.csv";
    private readonly string _prefix = $"f{Guid.NewGuid():N}"[..12] + "-";
    private AzureBlobStore _store = null!;
    private HandlerProcess _handler = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), _prefix);
        await _store.EnsureContainersAsync();
        _handler = await HandlerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = AzuriteEnvironment.RequireConnectionString(),
            ["Scorecard__ContainerPrefix"] = _prefix,
        });
    }

    public async ValueTask DisposeAsync() => await _handler.DisposeAsync();

    [Fact]
    public async Task Landed_extracts_flow_through_ingest_and_build_to_the_scorecard()
    {
        GenerateResult generated = await new SampleDataGenerator().GenerateAsync(_store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 3, Agents = 15, ContactsPerDay = 300,
        });
        (HttpStatusCode Status, JsonElement Body) nightlyBefore = await _handler.InvokeAsync("NightlyMart", HostPayloads.TimerTrigger());
        JsonElement buildRequest = default;
        foreach (GeneratedFile file in generated.Files)
        {
            var ingested = await IngestAsync(file.Path);
            Assert.Equal(HttpStatusCode.OK, ingested.Status);
            buildRequest = ingested.Body.GetProperty("Outputs").GetProperty("buildRequest");
            Assert.Equal(file.Path, buildRequest.GetProperty("landingPath").GetString());
        }

        var nightlyAfterIngest = await _handler.InvokeAsync("NightlyMart", HostPayloads.TimerTrigger());
        var build = await _handler.InvokeAsync("BuildMart", HostPayloads.QueueTrigger("request", buildRequest.GetRawText(), DateTimeOffset.UtcNow));
        var coalesced = await _handler.InvokeAsync("BuildMart", HostPayloads.QueueTrigger("request", buildRequest.GetRawText(), DateTimeOffset.UtcNow.AddMinutes(-1)));
        var nightlyAfterBuild = await _handler.InvokeAsync("NightlyMart", HostPayloads.TimerTrigger());
        var scorecard = await _handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET", new Dictionary<string, string> { ["grain"] = "month" }));
        var health = await _handler.InvokeAsync("Health", HostPayloads.HttpTrigger("GET"));

        Assert.False(nightlyBefore.Body.GetProperty("Outputs").TryGetProperty("buildRequest", out _));
        Assert.True(nightlyAfterIngest.Body.GetProperty("Outputs").TryGetProperty("buildRequest", out _));
        Assert.Equal(generated.Files.Count, await CountAsync(StoreContainers.Lake));
        Assert.Equal(generated.Files.Count, await CountAsync(StoreContainers.State, "audit/"));
        Assert.Equal(HttpStatusCode.OK, build.Status);
        Assert.Contains("built:", Logs(build.Body), StringComparison.Ordinal);
        Assert.NotNull(await _store.GetAsync(StoreContainers.Mart, "scorecard.duckdb"));
        Assert.Contains("skipped", Logs(coalesced.Body), StringComparison.Ordinal);
        Assert.False(nightlyAfterBuild.Body.GetProperty("Outputs").TryGetProperty("buildRequest", out _));
        JsonElement card = HttpBody(scorecard.Body, 200);
        Assert.Equal("2026-10-01", card.GetProperty("periodStart").GetString());
        Assert.Equal(4, card.GetProperty("perspectiveScores").EnumerateObject().Count());
        Assert.Equal(4, card.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("perspective").GetString()).Distinct().Count());
        Assert.True(HttpBody(health.Body, 200).GetProperty("lastBuild").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task A_duplicate_event_delivery_is_a_no_op_whether_plain_or_base64()
    {
        byte[] csv = ExtractBuilder.Contacts().Rows(20).BuildBytes();
        await _store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(csv));

        var first = await IngestAsync(ContactsPath);
        var again = await IngestAsync(ContactsPath, base64: true, dequeueCount: 2);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True(first.Body.GetProperty("Outputs").TryGetProperty("buildRequest", out _));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.False(again.Body.GetProperty("Outputs").TryGetProperty("buildRequest", out _));
        Assert.Contains("AlreadyIngested", Logs(again.Body), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(StoreContainers.Lake));
        Assert.Equal(1, await CountAsync(StoreContainers.State, "audit/"));
    }

    [Fact]
    public async Task A_rejected_extract_is_acknowledged_and_recorded_once()
    {
        await _store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(Encoding.UTF8.GetBytes("contact_id,channel\nC1,voice\n")));

        var first = await IngestAsync(ContactsPath);
        var redelivered = await IngestAsync(ContactsPath, dequeueCount: 2);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, redelivered.Status);
        Assert.Contains("Rejected", Logs(first.Body), StringComparison.Ordinal);
        Assert.Contains("missing required columns", Logs(first.Body), StringComparison.Ordinal);
        Assert.False(first.Body.GetProperty("Outputs").TryGetProperty("buildRequest", out _));
        Assert.Equal(0, await CountAsync(StoreContainers.Lake));
        Assert.Equal(1, await CountAsync(StoreContainers.State, "audit/"));
        Assert.Contains("warn", _handler.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_for_other_containers_are_acknowledged_and_ignored()
    {
        var url = new Uri($"http://127.0.0.1:10000/devstoreaccount1/{_prefix}exports/report.csv");

        var result = await _handler.InvokeAsync("IngestExtract", HostPayloads.QueueTrigger("message", HostPayloads.BlobCreatedEvent(url, 10), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("ignored", Logs(result.Body), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(StoreContainers.State, "audit/"));
    }

    [Fact]
    public async Task A_scorecard_from_one_dataset_only_serves_missing_kpis_as_null_not_invalid_json()
    {
        await _store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(ExtractBuilder.Contacts().Rows(40).BuildBytes()));
        var ingested = await IngestAsync(ContactsPath);
        string request = ingested.Body.GetProperty("Outputs").GetProperty("buildRequest").GetRawText();
        await _handler.InvokeAsync("BuildMart", HostPayloads.QueueTrigger("request", request, DateTimeOffset.UtcNow));

        var result = await _handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET"));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        JsonElement card = HttpBody(result.Body, 200);
        Assert.Contains(card.GetProperty("lines").EnumerateArray(), l => l.GetProperty("value").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task The_scorecard_answers_404_in_its_http_output_before_the_first_build()
    {
        var result = await _handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET"));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("no mart", HttpBody(result.Body, 404).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scorecard_serves_its_html_pages_with_an_html_content_type_linked_from_level_to_level()
    {
        await new SampleDataGenerator().GenerateAsync(_store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 2, Agents = 12, ContactsPerDay = 150,
        });
        await new Pipeline.Ingest.ExtractIngestor(_store, new Pipeline.Ingest.IngestOptions()).IngestPendingAsync();
        Assert.True((await new Pipeline.Mart.MartPublisher(_store, new Pipeline.Mart.MartOptions { LakeDirectory = "-", MartDirectory = "-" })
            .BuildAsync(TimeSpan.FromSeconds(30))).Succeeded);

        var centre = await _handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET", new Dictionary<string, string> { ["format"] = "html", ["code"] = "key" }));
        var browser = await _handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET", accept: "text/html,application/xhtml+xml,*/*;q=0.8"));
        string centreHtml = HttpText(centre.Body, 200, "text/html; charset=utf-8");
        string href = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(centreHtml, "<a href=\"([^\"]+)\" data-level=\"team\">").Groups[1].Value);
        var query = href.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        var team = await _handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET", query));

        Assert.StartsWith("<!DOCTYPE html>", centreHtml, StringComparison.Ordinal);
        Assert.Contains("<strong aria-current=\"page\" data-level=\"centre\">Centre</strong>", centreHtml, StringComparison.Ordinal);
        Assert.Equal("?code=key&format=html&level=team", href);
        Assert.Contains("default-src 'none'", centre.Body.GetProperty("Outputs").GetProperty("res").GetProperty("headers").GetProperty("Content-Security-Policy").GetString(), StringComparison.Ordinal);
        Assert.Contains("<strong aria-current=\"page\" data-level=\"team\">Teams</strong>", HttpText(team.Body, 200, "text/html; charset=utf-8"), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", HttpText(browser.Body, 200, "text/html; charset=utf-8"), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> IngestAsync(string landingPath, bool base64 = false, int dequeueCount = 1)
    {
        BlobClient blob = new BlobServiceClient(AzuriteEnvironment.RequireConnectionString())
            .GetBlobContainerClient(_store.ContainerName(StoreContainers.Landing)).GetBlobClient(landingPath);
        long size = (await _store.GetAsync(StoreContainers.Landing, landingPath))!.Size;
        string message = HostPayloads.BlobCreatedEvent(blob.Uri, size);
        return await _handler.InvokeAsync("IngestExtract",
            HostPayloads.QueueTrigger("message", base64 ? HostPayloads.Base64(message) : message, DateTimeOffset.UtcNow, dequeueCount));
    }

    private async Task<int> CountAsync(string container, string prefix = "")
    {
        int count = 0;
        await foreach (BlobEntry _ in _store.ListAsync(container, prefix))
        {
            count++;
        }

        return count;
    }

    private static string Logs(JsonElement body) => string.Join('\n', body.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));

    /// <summary>The body of an HTTP function's <c>res</c> output, after checking its status code and content type.</summary>
    private static string HttpText(JsonElement body, int expectedStatus, string contentType)
    {
        JsonElement res = body.GetProperty("Outputs").GetProperty("res");
        Assert.Equal(expectedStatus, res.GetProperty("statusCode").GetInt32());
        Assert.Equal(contentType, res.GetProperty("headers").GetProperty("Content-Type").GetString());
        return res.GetProperty("body").GetString()!;
    }

    /// <summary>The JSON body of an HTTP function's <c>res</c> output, after checking its status code.</summary>
    private static JsonElement HttpBody(JsonElement body, int expectedStatus)
    {
        JsonElement res = body.GetProperty("Outputs").GetProperty("res");
        Assert.Equal(expectedStatus, res.GetProperty("statusCode").GetInt32());
        Assert.StartsWith("application/json", res.GetProperty("headers").GetProperty("Content-Type").GetString(), StringComparison.Ordinal);
        return JsonSerializer.Deserialize<JsonElement>(res.GetProperty("body").GetString()!);
    }
}
