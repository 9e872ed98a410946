using System.Net;
using System.Text;
using System.Text.Json;
using Scorecard.SampleData;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.Benchmarks.FunctionsHost;
using Scorecard.Pipeline.Tests.Functions.Host;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// The function app end to end: the published worker, driven over the Functions host protocol against Azurite with
/// the invocations the host would send (a blob reference for a landed extract, the build request the ingest returned
/// as its queue output, timer and HTTP triggers). Each test gets its own container prefix, so tests share Azurite
/// without seeing each other's blobs.
/// </summary>
public sealed class FunctionAppTests : IAsyncLifetime
{
    private const string ContactsPath = "telephony/contacts/2026-10-01/contacts.csv";
    private readonly string _prefix = $"f{Guid.NewGuid():N}"[..12] + "-";
    private AzureBlobStore _store = null!;
    private FunctionWorker _worker = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), _prefix);
        await _store.EnsureContainersAsync();
        _worker = await PublishedWorker.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = AzuriteEnvironment.RequireConnectionString(),
            ["Scorecard__ContainerPrefix"] = _prefix,
        });
    }

    public async ValueTask DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task Landed_extracts_flow_through_ingest_and_build_to_the_scorecard()
    {
        GenerateResult generated = await new SampleDataGenerator().GenerateAsync(_store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 3, Agents = 15, ContactsPerDay = 300,
        });
        Invocation nightlyBefore = await _worker.InvokeTimerAsync("NightlyMart");
        string buildRequest = "";
        foreach (GeneratedFile file in generated.Files)
        {
            Invocation ingested = await IngestAsync(file.Path);
            Assert.True(ingested.Succeeded, ingested.Error);
            buildRequest = ingested.ReturnValue!;
            Assert.Equal(file.Path, JsonSerializer.Deserialize<JsonElement>(buildRequest).GetProperty("landingPath").GetString());
        }

        Invocation nightlyAfterIngest = await _worker.InvokeTimerAsync("NightlyMart");
        Invocation build = await _worker.InvokeQueueAsync("BuildMart", "request", buildRequest, DateTimeOffset.UtcNow);
        Invocation coalesced = await _worker.InvokeQueueAsync("BuildMart", "request", buildRequest, DateTimeOffset.UtcNow.AddMinutes(-1));
        Invocation nightlyAfterBuild = await _worker.InvokeTimerAsync("NightlyMart");
        HttpAnswer scorecard = await _worker.InvokeHttpAsync("Scorecard", query: [KeyValuePair.Create("grain", "month")]);
        HttpAnswer health = await _worker.InvokeHttpAsync("Health");

        Assert.True(nightlyBefore.Succeeded, nightlyBefore.Error);
        Assert.Null(nightlyBefore.ReturnValue);
        Assert.Equal("nightly", JsonSerializer.Deserialize<JsonElement>(nightlyAfterIngest.ReturnValue!).GetProperty("reason").GetString());
        Assert.Equal(generated.Files.Count, await CountAsync(StoreContainers.Lake));
        Assert.Equal(generated.Files.Count, await CountAsync(StoreContainers.State, "audit/"));
        Assert.True(build.Succeeded, build.Error);
        Assert.Contains("Mart built", build.LogText, StringComparison.Ordinal);
        Assert.NotNull(await _store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName));
        Assert.Contains("Skipped", coalesced.LogText, StringComparison.Ordinal);
        Assert.Null(nightlyAfterBuild.ReturnValue);
        JsonElement card = JsonBody(scorecard, HttpStatusCode.OK);
        Assert.Equal("2026-10-01", card.GetProperty("periodStart").GetString());
        Assert.Equal(4, card.GetProperty("perspectiveScores").EnumerateObject().Count());
        Assert.Equal(4, card.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("perspective").GetString()).Distinct().Count());
        Assert.True(JsonBody(health, HttpStatusCode.OK).GetProperty("lastBuild").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task A_duplicate_blob_delivery_is_a_no_op()
    {
        byte[] csv = ExtractBuilder.Contacts().Rows(20).BuildBytes();
        await _store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(csv));

        Invocation first = await IngestAsync(ContactsPath);
        Invocation again = await IngestAsync(ContactsPath);

        Assert.True(first.Succeeded, first.Error);
        Assert.NotNull(first.ReturnValue);
        Assert.True(again.Succeeded, again.Error);
        Assert.Null(again.ReturnValue);
        Assert.Contains("AlreadyIngested", again.LogText, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(StoreContainers.Lake));
        Assert.Equal(1, await CountAsync(StoreContainers.State, "audit/"));
    }

    [Fact]
    public async Task A_rejected_extract_is_acknowledged_and_recorded_once()
    {
        await _store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(Encoding.UTF8.GetBytes("contact_id,channel\nC1,voice\n")));

        Invocation first = await IngestAsync(ContactsPath);
        Invocation redelivered = await IngestAsync(ContactsPath);

        Assert.True(first.Succeeded, first.Error);
        Assert.True(redelivered.Succeeded, redelivered.Error);
        Assert.Contains("Rejected", first.LogText, StringComparison.Ordinal);
        Assert.Contains("missing required columns", first.LogText, StringComparison.Ordinal);
        Assert.Null(first.ReturnValue);
        Assert.Equal(0, await CountAsync(StoreContainers.Lake));
        Assert.Equal(1, await CountAsync(StoreContainers.State, "audit/"));
        Assert.Contains("Warning", _worker.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blobs_of_other_containers_are_acknowledged_and_ignored()
    {
        Invocation result = await _worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", _store.ContainerName(StoreContainers.Exports), "report.csv");

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("Ignored", result.LogText, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(StoreContainers.State, "audit/"));
    }

    [Fact]
    public async Task A_scorecard_from_one_dataset_only_serves_missing_kpis_as_null_not_invalid_json()
    {
        await _store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(ExtractBuilder.Contacts().Rows(40).BuildBytes()));
        Invocation ingested = await IngestAsync(ContactsPath);
        Invocation build = await _worker.InvokeQueueAsync("BuildMart", "request", ingested.ReturnValue!, DateTimeOffset.UtcNow);

        HttpAnswer result = await _worker.InvokeHttpAsync("Scorecard");

        Assert.True(build.Succeeded, build.Error);
        JsonElement card = JsonBody(result, HttpStatusCode.OK);
        Assert.Contains(card.GetProperty("lines").EnumerateArray(), l => l.GetProperty("value").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task The_scorecard_answers_404_before_the_first_build()
    {
        HttpAnswer result = await _worker.InvokeHttpAsync("Scorecard");

        Assert.True(result.Invocation.Succeeded, result.Invocation.Error);
        Assert.Contains("no mart", JsonBody(result, HttpStatusCode.NotFound).GetProperty("error").GetString(), StringComparison.Ordinal);
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

        HttpAnswer centre = await _worker.InvokeHttpAsync("Scorecard", query: [KeyValuePair.Create("format", "html"), KeyValuePair.Create("code", "key")]);
        HttpAnswer browser = await _worker.InvokeHttpAsync("Scorecard", accept: "text/html,application/xhtml+xml,*/*;q=0.8");
        string centreHtml = HtmlBody(centre);
        string href = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(centreHtml, "<a href=\"([^\"]+)\" data-level=\"team\">").Groups[1].Value);
        var query = href.TrimStart('?').Split('&').Select(p => p.Split('=')).Select(p => KeyValuePair.Create(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))).ToList();
        HttpAnswer team = await _worker.InvokeHttpAsync("Scorecard", query: query);

        Assert.StartsWith("<!DOCTYPE html>", centreHtml, StringComparison.Ordinal);
        Assert.Contains("<strong aria-current=\"page\" data-level=\"centre\">Centre</strong>", centreHtml, StringComparison.Ordinal);
        Assert.Equal("?code=key&format=html&level=team", href);
        Assert.Contains("default-src 'none'", centre.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", centre.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", centre.Header("X-Content-Type-Options"));
        Assert.Contains("<strong aria-current=\"page\" data-level=\"team\">Teams</strong>", HtmlBody(team), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", HtmlBody(browser), StringComparison.Ordinal);
    }

    private Task<Invocation> IngestAsync(string landingPath) =>
        _worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", _store.ContainerName(StoreContainers.Landing), landingPath);

    private async Task<int> CountAsync(string container, string prefix = "")
    {
        int count = 0;
        await foreach (BlobEntry _ in _store.ListAsync(container, prefix))
        {
            count++;
        }

        return count;
    }

    /// <summary>The body of an HTML answer, after checking its status and content type.</summary>
    private static string HtmlBody(HttpAnswer answer)
    {
        Assert.True(answer.Invocation.Succeeded, answer.Invocation.Error);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/html; charset=utf-8", answer.Header("Content-Type"));
        return answer.Body;
    }

    /// <summary>The JSON body of an answer, after checking its status and content type.</summary>
    private static JsonElement JsonBody(HttpAnswer answer, HttpStatusCode expected)
    {
        Assert.Equal(expected, answer.Status);
        Assert.StartsWith("application/json", answer.Header("Content-Type"), StringComparison.Ordinal);
        return answer.Json;
    }
}
