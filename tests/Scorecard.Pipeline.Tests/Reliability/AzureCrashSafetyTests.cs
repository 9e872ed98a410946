using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Faults;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// <see cref="CrashSafetyTests"/> on Azure: the CLI as a child process against Azurite, in containers of its own
/// (<c>Storage__ContainerPrefix</c>), killed at named publication steps of an ingest and of a build, then run again.
/// A blob on Azure becomes visible only when its block list is committed, so there is no temporary name to leak; the
/// invariants are checked on a <see cref="StoreSnapshot"/> of every blob the store shows.
/// </summary>
public sealed class AzureCrashSafetyTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 10, 1);
    private static readonly DateOnly Day2 = new(2026, 10, 2);
    private const int ContactsPerDay = 150;

    private readonly TempFolder _folder = new();
    private readonly string _prefix = $"z{Guid.NewGuid():N}"[..12] + "-";
    private int _snapshots;

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// As on the local store, a scan ingests day 2's eight new extracts first, then the corrections of day 1:
    /// "@1" is a first ingest, "@9" the first correction.
    /// </summary>
    [Theory]
    [InlineData(FaultPoint.IngestAfterLakeUpload + "@1")]
    [InlineData(FaultPoint.IngestAfterPointer + "@9")]
    public async Task An_ingest_on_azure_killed_at_a_publication_step_shows_nothing_partial_and_the_rerun_keeps_every_row_exactly_once(string killAfter)
    {
        (AzureBlobStore store, LandingSet landing) = await PrepareAsync();

        ScorecardChild.Outcome killed = await RunAsync(killAfter, "ingest");

        Assert.True(killed.ExitCode != 0 && killed.Error.Contains("killed on purpose", StringComparison.Ordinal), $"not killed at {killAfter}: {killed}");
        landing.AssertNothingPartialIsVisible(await SnapshotAsync(store));
        Assert.NotEmpty(await DeadHolderLocks.BreakAsync(store));
        ScorecardChild.Outcome rerun = await RunAsync(null, "ingest");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        string after = await SnapshotAsync(store);
        landing.AssertNothingPartialIsVisible(after);
        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(after);
    }

    /// <summary>
    /// A build killed with half the mart's Parquet uploaded (the database, uploaded last, still the previous one), and
    /// one killed with the mart published but no build record: readers keep a whole mart, and the next build publishes
    /// the mart of a clean run over the same extracts.
    /// </summary>
    [Fact]
    public async Task A_build_on_azure_killed_mid_publish_leaves_the_previous_database_and_the_next_build_publishes_the_mart_of_a_clean_run()
    {
        (AzureBlobStore store, LandingSet landing) = await PrepareAsync();
        // The runs before the crashes need not be the CLI's: this process ingests and builds the same way, faster.
        var ingestor = new ExtractIngestor(store, new IngestOptions());
        await ingestor.IngestPendingAsync();
        Assert.True((await SerialReference.NewPublisher(store).BuildAsync(TimeSpan.FromSeconds(10))).Succeeded);
        await landing.LandCorrectionsAsync(Day2);
        await ingestor.IngestPendingAsync();

        foreach (string killAfter in new[] { FaultPoint.MartMidPublish + "@3", FaultPoint.MartBeforeBuildRecord })
        {
            string? database = (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName))!.Version;
            ScorecardChild.Outcome killed = await RunAsync(killAfter, "build");
            Assert.True(killed.ExitCode != 0 && killed.Error.Contains("killed on purpose", StringComparison.Ordinal), $"not killed at {killAfter}: {killed}");
            landing.AssertNothingPartialIsVisible(await SnapshotAsync(store));
            bool published = killAfter == FaultPoint.MartBeforeBuildRecord;
            Assert.True(published == (database != (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName))!.Version),
                $"{killAfter}: the database was {(published ? "not " : "")}replaced");
            Assert.Equal([$"locks/{MartPublisher.LockName}.lock"], await DeadHolderLocks.BreakAsync(store));
        }

        ScorecardChild.Outcome rebuilt = await RunAsync(null, "build");

        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        string after = await SnapshotAsync(store);
        landing.AssertNothingPartialIsVisible(after);
        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(after);
        Assert.Empty(TableComparison.ParquetAgainstDatabase(Path.Combine(after, StoreContainers.Mart)));
        Assert.Equal(await CleanRunMartAsync(), await StoreDigest.MartAsync(store));
    }

    /// <summary>Day 1 ingested; corrections of day 1 and the new extracts of day 2 wait in landing/.</summary>
    private async Task<(AzureBlobStore, LandingSet)> PrepareAsync()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), _prefix);
        LandingSet landing = await LandingSet.GenerateAsync(store, days: 2, contactsPerDay: ContactsPerDay);
        await landing.IngestDayAsync(Day1);
        await landing.LandCorrectionsAsync(Day1);
        return (store, landing);
    }

    /// <summary>The same extracts in containers of their own, ingested and built in this process without a crash.</summary>
    private static async Task<SortedDictionary<string, string>> CleanRunMartAsync()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), $"y{Guid.NewGuid():N}"[..12] + "-");
        LandingSet landing = await LandingSet.GenerateAsync(store, days: 2, contactsPerDay: ContactsPerDay);
        var ingestor = new ExtractIngestor(store, new IngestOptions());
        await ingestor.IngestPendingAsync();
        // Ingested after the originals: blob times have whole seconds, and a tie would go to the name, "-corrected" first.
        await landing.LandCorrectionsAsync(Day1);
        await landing.LandCorrectionsAsync(Day2);
        await ingestor.IngestPendingAsync();
        Assert.True((await SerialReference.NewPublisher(store).BuildAsync(TimeSpan.FromSeconds(10))).Succeeded);
        return await StoreDigest.MartAsync(store);
    }

    private Task<ScorecardChild.Outcome> RunAsync(string? killAfter, string command)
    {
        string[] arguments = [command, "--store", AzuriteEnvironment.RequireConnectionString(), .. command == "build" ? ["--wait", "10"] : Array.Empty<string>()];
        return ScorecardChild.RunAsync(killAfter, ScorecardChild.Settings.ContainerPrefix(_prefix), arguments);
    }

    private Task<string> SnapshotAsync(AzureBlobStore store) =>
        StoreSnapshot.CopyAsync(store, Path.Combine(_folder.Path, $"snapshot-{++_snapshots}"));
}
