using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Storage;

public sealed class BlobStoreFactoryTests
{
    private const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_setting_gives_a_local_store_in_scorecard_data(string? setting)
    {
        var store = BlobStoreFactory.Create(setting);

        var local = Assert.IsType<LocalFolderStore>(store);
        Assert.Equal(Path.GetFullPath("scorecard-data"), local.Root);
    }

    [Theory]
    [InlineData("/var/lib/scorecard")]
    [InlineData("data/store")]
    [InlineData("C:\\scorecard")]
    public void Folder_setting_gives_a_local_store_there(string setting)
    {
        var store = BlobStoreFactory.Create(setting);

        var local = Assert.IsType<LocalFolderStore>(store);
        Assert.Equal(Path.GetFullPath(setting), local.Root);
    }

    [Theory]
    [InlineData(AzuriteConnectionString)]
    [InlineData("https://account.blob.core.windows.net")]
    public void An_azure_store_puts_its_containers_under_the_configured_container_prefix(string setting)
    {
        var store = BlobStoreFactory.Create(setting, new AzureStoreOptions { ContainerPrefix = "t1-" });

        var azure = Assert.IsType<AzureBlobStore>(store);
        Assert.Equal("t1-lake", azure.ContainerName(StoreContainers.Lake));
        Assert.Contains("container prefix 't1-'", azure.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_prefix_that_would_not_make_valid_container_names_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => BlobStoreFactory.Create(AzuriteConnectionString, new AzureStoreOptions { ContainerPrefix = "Bad_" }));

        Assert.Contains("'Bad_'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_storage_setting_gives_azurite_on_its_default_port()
    {
        var store = BlobStoreFactory.Create("UseDevelopmentStorage=true");

        Assert.IsType<AzureBlobStore>(store);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", store.Location);
    }

    [Fact]
    public void Full_connection_string_gives_an_azure_store_at_its_blob_endpoint()
    {
        var store = BlobStoreFactory.Create(AzuriteConnectionString);

        Assert.IsType<AzureBlobStore>(store);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", store.Location);
    }

    [Fact]
    public void Account_name_connection_string_gives_an_azure_store_at_the_public_endpoint()
    {
        var store = BlobStoreFactory.Create("DefaultEndpointsProtocol=https;AccountName=scorecarddata;AccountKey=a2V5;EndpointSuffix=core.windows.net");

        Assert.IsType<AzureBlobStore>(store);
        Assert.Equal("https://scorecarddata.blob.core.windows.net", store.Location);
    }

    [Fact]
    public void Account_url_gives_an_azure_store_using_the_default_credential()
    {
        var store = BlobStoreFactory.Create("https://scorecarddata.blob.core.windows.net");

        Assert.IsType<AzureBlobStore>(store);
        Assert.Equal("https://scorecarddata.blob.core.windows.net", store.Location);
    }

    [Fact]
    public void Plain_http_url_is_rejected_rather_than_taken_for_a_folder()
    {
        var exception = Assert.Throws<ArgumentException>(() => BlobStoreFactory.Create("http://127.0.0.1:10000/devstoreaccount1"));

        Assert.Contains("connection string", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_setting_wins_over_the_environment_variable()
    {
        var store = WithEnvironmentVariable("UseDevelopmentStorage=true", () => BlobStoreFactory.FromEnvironmentOr("explicit-folder"));

        var local = Assert.IsType<LocalFolderStore>(store);
        Assert.Equal(Path.GetFullPath("explicit-folder"), local.Root);
    }

    [Fact]
    public void Environment_variable_is_used_without_an_explicit_setting()
    {
        var store = WithEnvironmentVariable("UseDevelopmentStorage=true", () => BlobStoreFactory.FromEnvironmentOr(null));

        Assert.IsType<AzureBlobStore>(store);
    }

    [Fact]
    public void Default_folder_is_used_without_explicit_setting_or_environment_variable()
    {
        var store = WithEnvironmentVariable(null, () => BlobStoreFactory.FromEnvironmentOr(""));

        var local = Assert.IsType<LocalFolderStore>(store);
        Assert.Equal(Path.GetFullPath("scorecard-data"), local.Root);
    }

    private static IBlobStore WithEnvironmentVariable(string? value, Func<IBlobStore> create)
    {
        var saved = Environment.GetEnvironmentVariable(BlobStoreFactory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(BlobStoreFactory.EnvironmentVariable, value);
            return create();
        }
        finally
        {
            Environment.SetEnvironmentVariable(BlobStoreFactory.EnvironmentVariable, saved);
        }
    }
}
