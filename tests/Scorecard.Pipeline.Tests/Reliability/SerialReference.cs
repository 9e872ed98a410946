using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// The baseline the concurrency and replay tests compare against: a week of generated extracts (every dataset x 7
/// days) ingested one at a time, oldest first, by one worker, and the mart built once from that lake.
/// </summary>
public sealed class SerialReference : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public LandingSet Landing { get; private set; } = null!;

    public string Root => _folder.Path;

    public string Mart => Path.Combine(Root, StoreContainers.Mart);

    public IReadOnlyList<string> LandingPaths => [.. Landing.Files.Select(f => f.Path)];

    public async ValueTask InitializeAsync()
    {
        Landing = await LandingSet.GenerateAsync(Root, days: 7, agents: 5, contactsPerDay: 20);
        IReadOnlyList<IngestResult> results = await new ExtractIngestor(Landing.Store, new IngestOptions()).IngestPendingAsync();
        Assert.All(results, r => Assert.Equal(IngestStatus.Ingested, r.Status));
        MartBuildRecord build = await NewPublisher(Landing.Store).BuildAsync(TimeSpan.FromSeconds(10));
        Assert.True(build.Succeeded);
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A new local store at <paramref name="root"/> whose landing/ holds the same extracts, none ingested.</summary>
    public async Task<LocalFolderStore> CopyLandingAsync(string root)
    {
        var store = new LocalFolderStore(root);
        await store.EnsureContainersAsync();
        CopyFolder(Path.Combine(Root, StoreContainers.Landing), Path.Combine(root, StoreContainers.Landing));
        return store;
    }

    public static MartPublisher NewPublisher(IBlobStore store) =>
        new(store, new MartOptions { LakeDirectory = "-", MartDirectory = "-" });

    public static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
