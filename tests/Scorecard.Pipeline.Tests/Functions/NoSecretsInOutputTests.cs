using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Cli;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// A whole local run against Azurite with a key-bearing connection string - generate, ingest, build and export through
/// the command line, then ingest, build and serve through the function app - and everything either printed (stdout,
/// stderr, the invocation logs and HTTP answers the host would record): no account key, SAS or pseudonym key in it.
/// </summary>
public sealed partial class NoSecretsInOutputTests
{
    [Fact]
    public async Task A_full_local_run_prints_no_account_key_sas_or_pseudonym_key()
    {
        string connection = AzuriteEnvironment.RequireConnectionString();
        string accountKey = AccountKey().Match(connection).Groups[1].Value;
        string pseudonymKey = "pk-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string> { ["SCORECARD_STORE"] = connection, ["Ingest__PseudonymKey"] = pseudonymKey };
        var printed = new StringBuilder();

        // The command line: the store is the connection string (the CLI has no container prefix: this test owns Azurite's plain containers).
        foreach (string[] command in new[]
        {
            new[] { "generate", "--start", "2026-10-01", "--days", "1", "--agents", "8", "--contacts-per-day", "80" },
            ["ingest"],
            ["build"],
            ["export", "--format", "html", "csv", "json", "xlsx"],
        })
        {
            ScorecardProcess.Result result = await ScorecardProcess.RunAsync(environment, command);
            printed.AppendLine(result.Output).AppendLine(result.Error);
            Assert.True(result.ExitCode == 0, $"scorecard {string.Join(' ', command)} exited {result.ExitCode}: {result.Error}");
        }

        // The function app on the same store: a new extract arrives, is ingested, built and served.
        await using (HandlerProcess handler = await HandlerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = connection,
            ["Ingest__PseudonymKey"] = pseudonymKey,
        }))
        {
            var store = new AzureBlobStore(connection);
            const string path = "telephony/contacts/2026-10-03/contacts.csv";
            byte[] csv = ExtractBuilder.Contacts().Rows(30).BuildBytes();
            await store.WriteAsync(StoreContainers.Landing, path, new MemoryStream(csv));
            Uri blob = new BlobServiceClient(connection).GetBlobContainerClient(store.ContainerName(StoreContainers.Landing)).GetBlobClient(path).Uri;

            var ingested = await handler.InvokeAsync("IngestExtract", HostPayloads.QueueTrigger("message", HostPayloads.BlobCreatedEvent(blob, csv.Length), DateTimeOffset.UtcNow));
            var build = await handler.InvokeAsync("BuildMart", HostPayloads.QueueTrigger("request",
                ingested.Body.GetProperty("Outputs").GetProperty("buildRequest").GetRawText(), DateTimeOffset.UtcNow));
            var json = await handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET"));
            var html = await handler.InvokeAsync("Scorecard", HostPayloads.HttpTrigger("GET", new Dictionary<string, string> { ["format"] = "html" }));
            var health = await handler.InvokeAsync("Health", HostPayloads.HttpTrigger("GET"));
            var missing = await handler.InvokeAsync("IngestExtract", HostPayloads.QueueTrigger("message",
                HostPayloads.BlobCreatedEvent(new Uri(blob, "../../telephony/contacts/2026-10-04/gone.csv"), 10), DateTimeOffset.UtcNow));

            foreach (var (status, body) in new[] { ingested, build, json, html, health, missing })
            {
                Assert.Equal(HttpStatusCode.OK, status);
                printed.AppendLine(body.GetRawText());
            }

            Assert.Contains("built:", build.Body.GetRawText(), StringComparison.Ordinal);
            printed.AppendLine(handler.Output).AppendLine(handler.Errors);
        }

        string all = printed.ToString();
        Assert.Contains("Ingested", all, StringComparison.Ordinal);
        Assert.True(accountKey.Length > 20, "the Azurite connection string carries its account key");
        foreach (string secret in new[] { accountKey, "AccountKey=", "SharedAccessSignature", "sig=", pseudonymKey, JsonEncodedText.Encode(accountKey).ToString() })
        {
            Assert.False(all.Contains(secret, StringComparison.OrdinalIgnoreCase), $"the run printed '{secret[..Math.Min(12, secret.Length)]}...'");
        }
    }

    [GeneratedRegex("AccountKey=([^;]+)")]
    private static partial Regex AccountKey();
}
