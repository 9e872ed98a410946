using System.CommandLine;
using Scorecard.Pipeline.Ingest;
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
            $"(signs in with DefaultAzureCredential). Default: ${StoreEnvironmentVariable}, else ./scorecard-data.",
        Recursive = true,
    };

    public static async Task<IBlobStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        IBlobStore store = BlobStoreFactory.FromEnvironmentOr(parse.GetValue(Store));
        await store.EnsureContainersAsync(cancellationToken);
        return store;
    }

    /// <summary>Ingest settings from the environment (<c>Ingest__PseudonymKey</c>, <c>Ingest__RowGroupSize</c>).</summary>
    public static IngestOptions IngestOptionsFromEnvironment()
    {
        var options = new IngestOptions();
        if (Environment.GetEnvironmentVariable("Ingest__PseudonymKey") is { Length: > 0 } key)
        {
            options.PseudonymKey = key;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("Ingest__RowGroupSize"), out int rowGroup))
        {
            options.RowGroupSize = rowGroup;
        }

        options.Validate();
        return options;
    }
}
