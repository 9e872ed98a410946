using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// A store that does not answer (a closed port) must fail queue invocations with 500, so the queue retries them,
/// and make Health say so. No Azurite needed: nothing listens on the port.
/// </summary>
public sealed class StorageFailureTests : IAsyncLifetime
{
    private HandlerProcess _handler = null!;

    public async ValueTask InitializeAsync()
    {
        int closed = ClosedPort();
        _handler = await HandlerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ScorecardStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                $"BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;",
        });
    }

    public async ValueTask DisposeAsync() => await _handler.DisposeAsync();

    [Fact]
    public async Task A_storage_outage_fails_the_ingest_invocation_and_health_reports_it()
    {
        var url = new Uri("http://127.0.0.1:1/devstoreaccount1/landing/telephony/contacts/2026-10-01/contacts.csv");

        var ingest = await _handler.InvokeAsync("IngestExtract", HostPayloads.QueueTrigger("message", HostPayloads.BlobCreatedEvent(url, 100), DateTimeOffset.UtcNow));
        var health = await _handler.InvokeAsync("Health", HostPayloads.HttpTrigger("GET"));

        Assert.Equal(HttpStatusCode.InternalServerError, ingest.Status);
        Assert.Contains("IngestExtract failed", _handler.Errors, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.Status);
        JsonElement res = health.Body.GetProperty("Outputs").GetProperty("res");
        Assert.Equal(503, res.GetProperty("statusCode").GetInt32());
        Assert.DoesNotContain("AccountKey", res.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
