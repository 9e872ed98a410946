using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// Opens the pipeline's store from the <c>ScorecardStorage</c> connection, named like a Functions binding connection:
/// <list type="bullet">
/// <item><c>ScorecardStorage</c> = a connection string (Azurite, local runs), or a local folder path;</item>
/// <item><c>ScorecardStorage__blobServiceUri</c> (+ <c>__clientId</c> for a user-assigned identity): identity-based,
/// <see cref="ManagedIdentityCredential"/> with a client id, else <see cref="DefaultAzureCredential"/>;</item>
/// <item>neither: <c>SCORECARD_STORE</c>, else the local folder <c>./scorecard-data</c>.</item>
/// </list>
/// <c>Storage__MaxRetries</c>, <c>Storage__RetryDelay</c>, ... set the retries (<see cref="AzureStoreOptions"/>).
/// <c>Storage__ContainerPrefix</c> (as for the CLI; <c>Scorecard__ContainerPrefix</c>, its older name, wins when set)
/// prefixes every container name, so one account can hold several stores.
/// </summary>
internal static class StoreConfiguration
{
    public const string ConnectionName = "ScorecardStorage";
    public const string ContainerPrefixKey = "Scorecard:ContainerPrefix";

    public static IBlobStore Open(IConfiguration configuration)
    {
        AzureStoreOptions storage = configuration.GetSection(AzureStoreOptions.SectionName).Get<AzureStoreOptions>() ?? new AzureStoreOptions();
        storage.ContainerPrefix = configuration[ContainerPrefixKey] ?? storage.ContainerPrefix;
        string prefix = storage.ContainerPrefix;
        string? connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // A connection string has key=value pairs; anything else (a folder, an https account URL) goes to the factory.
            return connectionString.Contains('=', StringComparison.Ordinal)
                ? new AzureBlobStore(connectionString, prefix, storage)
                : BlobStoreFactory.Create(connectionString, storage);
        }

        if (configuration[$"{ConnectionName}:blobServiceUri"] is { Length: > 0 } serviceUri)
        {
            string? clientId = configuration[$"{ConnectionName}:clientId"];
            TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return new AzureBlobStore(new Uri(serviceUri, UriKind.Absolute), credential, prefix, storage);
        }

        return BlobStoreFactory.Create(configuration[BlobStoreFactory.EnvironmentVariable], storage);
    }

    /// <summary>The name of the store's landing container as it appears in blob URLs.</summary>
    public static string LandingContainer(IBlobStore store) =>
        store is AzureBlobStore azure ? azure.ContainerName(StoreContainers.Landing) : StoreContainers.Landing;
}
