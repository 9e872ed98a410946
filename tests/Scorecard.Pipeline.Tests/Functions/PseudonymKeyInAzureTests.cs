using System.Net;
using Azure.Storage.Blobs;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// In Azure (WEBSITE_INSTANCE_ID set) the handler ingests only with a real pseudonymisation key: without one, or with a
/// Key Vault reference the platform left unresolved, the ingest invocation fails with a clear error and writes nothing.
/// </summary>
public sealed class PseudonymKeyInAzureTests
{
    private const string ContactsPath = "telephony/contacts/2026-10-01/contacts.csv";

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-x;SecretName=pseudonymKey)", "could not resolve")]
    public async Task In_azure_the_handler_refuses_to_ingest_without_a_real_pseudonym_key(string? key, string reason)
    {
        var (store, handler) = await StartAsync(key);
        await using var _ = handler;

        var result = await IngestAsync(store, handler);

        Assert.Equal(HttpStatusCode.InternalServerError, result);
        Assert.Contains("Ingest__PseudonymKey", handler.Errors, StringComparison.Ordinal);
        Assert.Contains(reason, handler.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(store, StoreContainers.Lake));
        Assert.Equal(0, await CountAsync(store, StoreContainers.State));
    }

    [Fact]
    public async Task In_azure_the_handler_ingests_with_a_configured_key()
    {
        var (store, handler) = await StartAsync("a-real-secret-from-key-vault-3f9c");
        await using var _ = handler;

        var result = await IngestAsync(store, handler);

        Assert.Equal(HttpStatusCode.OK, result);
        Assert.Equal(1, await CountAsync(store, StoreContainers.Lake));
        Assert.DoesNotContain("PseudonymKey", handler.Errors, StringComparison.Ordinal);
    }

    private static async Task<(AzureBlobStore Store, HandlerProcess Handler)> StartAsync(string? key)
    {
        string prefix = $"k{Guid.NewGuid():N}"[..12] + "-";
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), prefix);
        await store.EnsureContainersAsync();
        var environment = new Dictionary<string, string>
        {
            ["ScorecardStorage"] = AzuriteEnvironment.RequireConnectionString(),
            ["Scorecard__ContainerPrefix"] = prefix,
            ["WEBSITE_INSTANCE_ID"] = "0123456789abcdef",
        };
        if (key is not null)
        {
            environment["Ingest__PseudonymKey"] = key;
        }

        return (store, await HandlerProcess.StartAsync(environment));
    }

    private static async Task<HttpStatusCode> IngestAsync(AzureBlobStore store, HandlerProcess handler)
    {
        byte[] csv = ExtractBuilder.Contacts().Rows(10).BuildBytes();
        await store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(csv));
        BlobClient blob = new BlobServiceClient(AzuriteEnvironment.RequireConnectionString())
            .GetBlobContainerClient(store.ContainerName(StoreContainers.Landing)).GetBlobClient(ContactsPath);
        var (status, _) = await handler.InvokeAsync("IngestExtract",
            HostPayloads.QueueTrigger("message", HostPayloads.BlobCreatedEvent(blob.Uri, csv.Length), DateTimeOffset.UtcNow));
        return status;
    }

    private static async Task<int> CountAsync(AzureBlobStore store, string container)
    {
        int count = 0;
        await foreach (BlobEntry _ in store.ListAsync(container))
        {
            count++;
        }

        return count;
    }
}
