using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// At-least-once, unordered delivery: every landing event twice, shuffled with a fixed seed, gives what one in-order
/// delivery gives. For versions of one dataset and date the rule is "the last one ingested wins"; these tests pin
/// down what that means when a correction and its original arrive out of order.
/// </summary>
[Collection(SerialReferenceCollection.Name)]
public sealed class ReplayTests(SerialReference reference, ITestOutputHelper output) : IDisposable
{
    private const int Seed = 8;
    private static readonly DateOnly Day1 = new(2026, 10, 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_extract_delivered_twice_in_shuffled_order_gives_the_lake_and_mart_of_one_delivery_in_order()
    {
        LocalFolderStore store = await reference.CopyLandingAsync(_folder.Path);
        string[] deliveries = [.. reference.LandingPaths, .. reference.LandingPaths];
        new Random(Seed).Shuffle(deliveries);
        output.WriteLine($"seed {Seed}; first deliveries: {string.Join(", ", deliveries.Take(4))}");

        var statuses = new List<IngestStatus>();
        foreach (string path in deliveries)
        {
            statuses.Add((await new ExtractIngestor(store, new IngestOptions()).IngestAsync(path)).Status);
        }

        Assert.Equal(reference.LandingPaths.Count, statuses.Count(s => s == IngestStatus.Ingested));
        Assert.Equal(reference.LandingPaths.Count, statuses.Count(s => s == IngestStatus.AlreadyIngested));
        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(store.Root, reference.LandingPaths);
        Assert.Empty(TableComparison.LakeDifferences(reference.Root, store.Root));
        Assert.True((await SerialReference.NewPublisher(store).BuildAsync(TimeSpan.FromSeconds(10))).Succeeded);
        Assert.Empty(TableComparison.MartDifferences(reference.Mart, Path.Combine(store.Root, StoreContainers.Mart)));
    }

    [Fact]
    public async Task A_redelivered_event_for_the_original_after_its_correction_changes_nothing()
    {
        LandingSet landing = await LandingSet.GenerateAsync(_folder.Path, days: 1);
        await landing.IngestDayAsync(Day1);
        List<string> corrections = await landing.LandCorrectionsAsync(Day1);
        var ingestor = new ExtractIngestor(landing.Store, new IngestOptions());
        foreach (string correction in corrections)
        {
            Assert.Equal(IngestStatus.Ingested, (await ingestor.IngestAsync(correction)).Status);
        }

        foreach (string original in landing.Files.Select(f => f.Path))
        {
            Assert.Equal(IngestStatus.AlreadyIngested, (await ingestor.IngestAsync(original)).Status);
        }

        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce();
    }

    /// <summary>
    /// The product has no version number inside an extract: a correction is simply a later file for the same dataset
    /// and date, and the extract ingested last replaces the others. So an original whose first delivery is late (after
    /// its correction) becomes the current extract. Order matters only between different contents of one partition.
    /// </summary>
    [Fact]
    public async Task An_original_whose_first_delivery_comes_after_its_correction_replaces_it_because_the_last_ingested_wins()
    {
        LandingSet landing = await LandingSet.GenerateAsync(_folder.Path, days: 1);
        string original = landing.Files.First(f => f.Dataset == "telephony/contacts").Path;
        string correction = (await landing.LandCorrectionsAsync(Day1)).Single(p => p.StartsWith("telephony/contacts/", StringComparison.Ordinal));
        var ingestor = new ExtractIngestor(landing.Store, new IngestOptions());

        IngestResult corrected = await ingestor.IngestAsync(correction);
        IngestResult late = await ingestor.IngestAsync(original);

        Assert.Equal(IngestStatus.Ingested, corrected.Status);
        Assert.Equal(IngestStatus.Ingested, late.Status);
        Assert.Equal([corrected.ExtractId!], late.Audit!.ReplacedExtractIds);
        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(landing.Root, [original]);
    }
}
