using Azure.Storage.Blobs;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Storage;

/// <summary>
/// The store contract against Azurite (<c>SCORECARD_TEST_AZURITE</c>). Each test gets its own random container
/// prefix, so tests are independent and can share one Azurite; the prefixed containers are deleted afterwards.
/// </summary>
public sealed class AzureBlobStoreContractTests : BlobStoreContractTests
{
    private readonly string _containerPrefix = $"t{Guid.NewGuid():N}"[..13] + "-";

    public static TheoryData<string> Containers => [.. StoreContainers.All];

    protected override IBlobStore CreateStore() =>
        new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), _containerPrefix);

    protected override async Task RemoveStoreAsync()
    {
        var service = new BlobServiceClient(AzuriteEnvironment.RequireConnectionString());
        await foreach (var container in service.GetBlobContainersAsync(prefix: _containerPrefix))
        {
            await service.DeleteBlobContainerAsync(container.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Containers))]
    public async Task Each_store_container_is_an_azure_container_named_with_the_prefix(string container)
    {
        var service = new BlobServiceClient(AzuriteEnvironment.RequireConnectionString());

        var exists = await service.GetBlobContainerClient(_containerPrefix + container).ExistsAsync();

        Assert.True(exists.Value);
    }

    [Fact]
    public void Location_shows_the_endpoint_and_prefix_but_not_the_key()
    {
        var location = Store.Location;

        Assert.Contains(_containerPrefix, location, StringComparison.Ordinal);
        Assert.StartsWith("http", location, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", location, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Eby8vdM02", location, StringComparison.Ordinal);
    }
}
