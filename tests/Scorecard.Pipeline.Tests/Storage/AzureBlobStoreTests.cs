using System.Net.Sockets;
using Azure;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Storage;

/// <summary>What can be checked without a server: construction, prefix rules and the secret-free location.</summary>
public sealed class AzureBlobStoreTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void A_listing_whose_retries_end_with_a_connection_reset_while_reading_is_a_transient_failure()
    {
        // What the SDK threw when a listing's page was cut mid-body on every try (seen in the storage fault tests).
        var reset = new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException(104));
        var retried = new AggregateException(reset, new RequestFailedException(0, "An error occurred while sending the request.", reset));
        var refused = new AggregateException(new RequestFailedException(403, "AuthorizationFailure"));

        Assert.True(AzureBlobStore.IsTransientRead(retried));
        Assert.True(AzureBlobStore.IsTransientRead(reset));
        Assert.False(AzureBlobStore.IsTransient(retried));
        Assert.False(AzureBlobStore.IsTransientRead(refused));
    }

    [Fact]
    public void Location_shows_the_blob_endpoint_and_prefix_but_never_the_account_key()
    {
        var store = new AzureBlobStore(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
            "tenant-a-");

        var location = store.Location;

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1 (container prefix 'tenant-a-')", location);
    }

    [Fact]
    public void Location_never_shows_a_shared_access_signature()
    {
        var store = new AzureBlobStore("BlobEndpoint=https://scorecarddata.blob.core.windows.net/;SharedAccessSignature=sv=2024-11-04&ss=b&sig=c2VjcmV0");

        var location = store.Location;

        Assert.Equal("https://scorecarddata.blob.core.windows.net", location);
    }

    [Fact]
    public void Container_names_are_the_prefix_followed_by_the_store_container()
    {
        var store = new AzureBlobStore("UseDevelopmentStorage=true", "run42-");

        var name = store.ContainerName(StoreContainers.Quarantine);

        Assert.Equal("run42-quarantine", name);
    }

    [Theory]
    [InlineData("Upper-")]
    [InlineData("-lead")]
    [InlineData("double--")]
    [InlineData("under_score")]
    [InlineData("way-too-long-for-a-container-name-once-quarantine-is-added")]
    public void Prefix_that_would_make_an_invalid_container_name_is_rejected(string prefix)
    {
        var exception = Assert.Throws<ArgumentException>(() => new AzureBlobStore("UseDevelopmentStorage=true", prefix));

        Assert.Contains($"'{prefix}'", exception.Message, StringComparison.Ordinal);
    }
}
