using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.SampleData;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>
/// Builds a mart the way a user's first run does - generate, ingest, build - into a local-folder store, for the
/// export fixtures. <c>rewriteLanding</c> may change the generated CSV files before they are ingested.
/// </summary>
public static class GeneratedMart
{
    public static async Task BuildAsync(LocalFolderStore store, GeneratorOptions sample, Action<string>? rewriteLanding = null)
    {
        await store.EnsureContainersAsync();
        await new SampleDataGenerator().GenerateAsync(store, sample);
        rewriteLanding?.Invoke(Path.Combine(store.Root, StoreContainers.Landing));

        IReadOnlyList<IngestResult> results = await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();
        if (results.Any(r => r.Status != IngestStatus.Ingested))
        {
            throw new InvalidOperationException("The generated extracts did not all ingest: " + string.Join("; ", results.Select(r => r.Message)));
        }

        MartBuildRecord record = await new MartPublisher(store, new MartOptions()).BuildAsync(TimeSpan.FromSeconds(30));
        if (!record.Succeeded)
        {
            throw new InvalidOperationException("The mart build failed: " + string.Join(", ", record.DataTestsFailed));
        }
    }
}
