using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

/// <summary>Options shared by every command, and the settings read from the environment.</summary>
internal static class CommonOptions
{
    public const string StoreEnvironmentVariable = BlobStoreFactory.EnvironmentVariable;

    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Where the data lives: a folder (local store), an Azure Storage connection string " +
            "(UseDevelopmentStorage=true for Azurite) or an account URL https://<account>.blob.core.windows.net " +
            $"(signs in with DefaultAzureCredential); on Azure, $Storage__ContainerPrefix prefixes every container name. " +
            $"Default: ${StoreEnvironmentVariable}, else ./scorecard-data.",
        Recursive = true,
    };

    public static async Task<IBlobStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        IBlobStore store = BlobStoreFactory.FromEnvironmentOr(parse.GetValue(Store), StoreOptionsFromEnvironment());
        await store.EnsureContainersAsync(cancellationToken);
        return store;
    }

    /// <summary>Settings from the environment, bound by the same names the function app uses (<c>Section__Key</c>).</summary>
    private static readonly IConfiguration Settings = new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>Azure store settings: <c>Storage__MaxRetries</c>, <c>Storage__RetryDelay</c>, ..., <c>Storage__ContainerPrefix</c> (see <see cref="AzureStoreOptions"/>).</summary>
    public static AzureStoreOptions StoreOptionsFromEnvironment()
    {
        AzureStoreOptions options = Settings.GetSection(AzureStoreOptions.SectionName).Get<AzureStoreOptions>() ?? new AzureStoreOptions();
        options.Validate();
        return options;
    }

    /// <summary>Ingest settings: <c>Ingest__PseudonymKey</c>, <c>Ingest__RowGroupSize</c>, ... (see <see cref="IngestOptions"/>).</summary>
    public static IngestOptions IngestOptionsFromEnvironment()
    {
        IngestOptions options = Settings.GetSection("Ingest").Get<IngestOptions>() ?? new IngestOptions();
        options.Validate();
        return options;
    }

    /// <summary>Mart settings: <c>Mart__ServiceLevelThresholdSeconds</c>, <c>Mart__ShortAbandonSeconds</c>,
    /// <c>Mart__FcrWindowDays</c>, <c>Mart__TargetsPath</c>, <c>Mart__SqlDirectory</c>, ... (see <see cref="MartOptions"/>).</summary>
    public static MartOptions MartOptionsFromEnvironment()
    {
        MartOptions options = Settings.GetSection(MartOptions.SectionName).Get<MartOptions>() ?? new MartOptions();
        options.ValidateSettings(); // the publisher chooses the lake and mart folders itself
        return options;
    }
}
