using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Cli;
using Scorecard.Benchmarks.FunctionsHost;
using Scorecard.Pipeline.Tests.Functions.Host;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// A whole local run against Azurite with a key-bearing connection string - generate, ingest, build and export through
/// the command line, then ingest, build and serve through the function app - and everything either printed (stdout,
/// stderr, the logs the worker sent the host, invocation outputs and HTTP answers): no account key, SAS or pseudonym key in it.
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
        await using (FunctionWorker worker = await PublishedWorker.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = connection,
            ["Ingest__PseudonymKey"] = pseudonymKey,
        }))
        {
            var store = new AzureBlobStore(connection);
            const string path = "telephony/contacts/2026-10-03/contacts.csv";
            byte[] csv = ExtractBuilder.Contacts().Rows(30).BuildBytes();
            await store.WriteAsync(StoreContainers.Landing, path, new MemoryStream(csv));
            string landing = store.ContainerName(StoreContainers.Landing);

            Invocation ingested = await worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", landing, path);
            Invocation build = await worker.InvokeQueueAsync("BuildMart", "request", ingested.ReturnValue!, DateTimeOffset.UtcNow);
            HttpAnswer json = await worker.InvokeHttpAsync("Scorecard");
            HttpAnswer html = await worker.InvokeHttpAsync("Scorecard", query: [KeyValuePair.Create("format", "html")]);
            HttpAnswer health = await worker.InvokeHttpAsync("Health");
            Invocation missing = await worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", landing, "telephony/contacts/2026-10-04/gone.csv");

            foreach (Invocation invocation in new[] { ingested, build, json.Invocation, html.Invocation, health.Invocation, missing })
            {
                Assert.True(invocation.Succeeded, invocation.Error);
                printed.AppendLine(invocation.LogText).AppendLine(invocation.ReturnValue);
            }

            foreach (HttpAnswer answer in new[] { json, html, health })
            {
                Assert.Equal(HttpStatusCode.OK, answer.Status);
                printed.AppendLine(string.Join('\n', answer.Headers.Select(h => $"{h.Key}: {h.Value}"))).AppendLine(answer.Body);
            }

            Assert.Contains("Mart built", build.LogText, StringComparison.Ordinal);
            printed.AppendLine(worker.Logs).AppendLine(worker.Output).AppendLine(worker.Errors);
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
