using System.Net;
using System.Net.Sockets;
using Scorecard.Benchmarks.FunctionsHost;
using Scorecard.Pipeline.Tests.Functions.Host;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// A store that does not answer (a closed port) must fail the ingest invocation, so the host retries it, and make
/// Health say so. No Azurite needed: nothing listens on the port.
/// </summary>
public sealed class StorageFailureTests : IAsyncLifetime
{
    private FunctionWorker _worker = null!;

    public async ValueTask InitializeAsync()
    {
        int closed = ClosedPort();
        _worker = await PublishedWorker.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                $"BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;",
            ["Storage__MaxRetries"] = "1",
        });
    }

    public async ValueTask DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public async Task A_storage_outage_fails_the_ingest_invocation_and_health_reports_it()
    {
        Invocation ingest = await _worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", "landing", "telephony/contacts/2026-10-01/contacts.csv");
        HttpAnswer health = await _worker.InvokeHttpAsync("Health");

        Assert.False(ingest.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(ingest.Error));
        Assert.True(health.Invocation.Succeeded, health.Invocation.Error);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.False(health.Json.GetProperty("reachable").GetBoolean());
        Assert.DoesNotContain("AccountKey", health.Body, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
