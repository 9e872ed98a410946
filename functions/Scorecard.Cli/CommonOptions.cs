using System.CommandLine;
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

    /// <summary>Mart settings from the environment (<c>Mart__ServiceLevelThresholdSeconds</c>, <c>Mart__ShortAbandonSeconds</c>,
    /// <c>Mart__FcrWindowDays</c>, <c>Mart__TargetsPath</c>, <c>Mart__SqlDirectory</c>).</summary>
    public static MartOptions MartOptionsFromEnvironment()
    {
        var options = new MartOptions { LakeDirectory = "(staged at build time)", MartDirectory = "(staged at build time)" };
        if (int.TryParse(Environment.GetEnvironmentVariable("Mart__ServiceLevelThresholdSeconds"), out int threshold))
        {
            options.ServiceLevelThresholdSeconds = threshold;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("Mart__ShortAbandonSeconds"), out int shortAbandon))
        {
            options.ShortAbandonSeconds = shortAbandon;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("Mart__FcrWindowDays"), out int window))
        {
            options.FcrWindowDays = window;
        }

        options.TargetsPath = Environment.GetEnvironmentVariable("Mart__TargetsPath") is { Length: > 0 } targets ? targets : null;
        options.SqlDirectory = Environment.GetEnvironmentVariable("Mart__SqlDirectory") is { Length: > 0 } sql ? sql : null;
        options.Validate();
        return options;
    }
}
