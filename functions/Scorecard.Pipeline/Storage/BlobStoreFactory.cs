namespace Scorecard.Pipeline.Storage;

/// <summary>
/// Turns one setting into a store. Empty: the local folder <c>./scorecard-data</c>. A connection string
/// (contains <c>UseDevelopmentStorage=true</c>, <c>AccountName=</c> or <c>BlobEndpoint=</c>): Azure via that
/// connection string (<c>UseDevelopmentStorage=true</c> means Azurite on its default ports 10000/10001).
/// <c>https://...</c>: Azure via that account URL and <see cref="Azure.Identity.DefaultAzureCredential"/>.
/// Anything else: a local folder at that path. An Azure store's containers carry <see cref="AzureStoreOptions.ContainerPrefix"/>.
/// </summary>
public static class BlobStoreFactory
{
    public const string EnvironmentVariable = "SCORECARD_STORE";

    /// <summary>The local folder used when nothing is configured, relative to the working directory.</summary>
    public const string DefaultLocalFolder = "./scorecard-data";

    private static readonly string[] ConnectionStringMarkers = ["UseDevelopmentStorage=true", "AccountName=", "BlobEndpoint="];

    /// <summary>The store for <paramref name="setting"/>; <paramref name="azure"/> sets retries for an Azure store (default <see cref="AzureStoreOptions"/>).</summary>
    public static IBlobStore Create(string? setting, AzureStoreOptions? azure = null)
    {
        var value = setting?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new LocalFolderStore(DefaultLocalFolder);
        }

        if (ConnectionStringMarkers.Any(marker => value.Contains(marker, StringComparison.OrdinalIgnoreCase)))
        {
            return new AzureBlobStore(value, azure?.ContainerPrefix ?? "", azure);
        }

        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new AzureBlobStore(new Uri(value, UriKind.Absolute), azure?.ContainerPrefix ?? "", azure);
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            // Not a folder anyone means, and token credentials refuse plain HTTP: say so instead of creating "http:".
            throw new ArgumentException(
                $"Store setting '{value}' is a plain HTTP URL; use an https:// account URL or a connection string (e.g. for Azurite).",
                nameof(setting));
        }

        return new LocalFolderStore(value);
    }

    /// <summary>The explicit setting when given, else the <see cref="EnvironmentVariable"/>, else the default folder.</summary>
    public static IBlobStore FromEnvironmentOr(string? explicitSetting, AzureStoreOptions? azure = null) =>
        Create(string.IsNullOrWhiteSpace(explicitSetting) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : explicitSetting, azure);
}
