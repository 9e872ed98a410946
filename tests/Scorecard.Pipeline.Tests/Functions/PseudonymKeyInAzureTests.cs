using Scorecard.Pipeline.Storage;
using Scorecard.Benchmarks.FunctionsHost;
using Scorecard.Pipeline.Tests.Functions.Host;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// In Azure (WEBSITE_INSTANCE_ID set) the function app ingests only with a real pseudonymisation key: without one, or with a
/// Key Vault reference the platform left unresolved, the ingest invocation fails with a clear error and writes nothing.
/// </summary>
public sealed class PseudonymKeyInAzureTests
{
    private const string ContactsPath = "telephony/contacts/2026-10-01/contacts.csv";

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-x;SecretName=pseudonymKey)", "could not resolve")]
    public async Task In_azure_the_function_app_refuses_to_ingest_without_a_real_pseudonym_key(string? key, string reason)
    {
        var (store, worker) = await StartAsync(key);
        await using var _ = worker;

        Invocation result = await IngestAsync(store, worker);

        Assert.False(result.Succeeded);
        Assert.Contains("Ingest__PseudonymKey", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(store, StoreContainers.Lake));
        Assert.Equal(0, await CountAsync(store, StoreContainers.State));
    }

    [Fact]
    public async Task In_azure_the_function_app_ingests_with_a_configured_key()
    {
        var (store, worker) = await StartAsync("a-real-secret-from-key-vault-3f9c");
        await using var _ = worker;

        Invocation result = await IngestAsync(store, worker);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(1, await CountAsync(store, StoreContainers.Lake));
        Assert.DoesNotContain("PseudonymKey", worker.Errors, StringComparison.Ordinal);
    }

    private static async Task<(AzureBlobStore Store, FunctionWorker Worker)> StartAsync(string? key)
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

        return (store, await PublishedWorker.StartAsync(environment));
    }

    private static async Task<Invocation> IngestAsync(AzureBlobStore store, FunctionWorker worker)
    {
        byte[] csv = ExtractBuilder.Contacts().Rows(10).BuildBytes();
        await store.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(csv));
        return await worker.InvokeBlobAsync("IngestExtract", "ScorecardStorage", store.ContainerName(StoreContainers.Landing), ContactsPath);
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
