using System.Text.Json;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// The CLI as a child process, killed at every named publication step (<see cref="FaultPoint"/>) and at seeded random
/// moments, then restarted: nothing partial is ever visible, and the rerun leaves every input row in the lake or in
/// quarantine exactly once. The store holds day 1 already ingested, corrections of day 1 and new extracts of day 2,
/// so a kill can hit a first ingest or a correction that replaces an extract.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 10, 1);
    private static readonly DateOnly Day2 = new(2026, 10, 2);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// A scan ingests day 2's eight new extracts first (oldest delivery first), then the corrections, so "@1" is a first
    /// ingest and "@9" the first correction. The local store writes lake, (quarantine,) audit, pointer and marker per
    /// extract: store-before-rename@1 is mid-upload of a first ingest, @35 mid-audit of a correction.
    /// </summary>
    [Theory]
    [InlineData(FaultPoint.IngestMidParquet + "@1")]
    [InlineData(FaultPoint.StoreBeforeRename + "@1")]
    [InlineData(FaultPoint.IngestAfterAudit + "@1")]
    [InlineData(FaultPoint.IngestAfterLakeUpload + "@9")]
    [InlineData(FaultPoint.StoreBeforeRename + "@35")]
    [InlineData(FaultPoint.IngestAfterPointer + "@9")]
    [InlineData(FaultPoint.IngestAfterCleanup + "@9")]
    public async Task An_ingest_killed_at_any_publication_step_shows_nothing_partial_and_the_rerun_keeps_every_row_exactly_once(string killAfter)
    {
        LandingSet landing = await PrepareAsync();

        ScorecardChild.Outcome killed = await ScorecardChild.RunAsync(killAfter, "ingest", "--store", landing.Root);

        Assert.True(killed.ExitCode != 0 && killed.Error.Contains("killed on purpose", StringComparison.Ordinal), $"not killed at {killAfter}: {killed}");
        landing.AssertNothingPartialIsVisible();
        ScorecardChild.Outcome rerun = await ScorecardChild.RunAsync(null, "ingest", "--store", landing.Root);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        landing.AssertNothingPartialIsVisible();
        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce();
    }

    [Fact]
    public async Task Temporary_files_a_killed_writer_left_are_removed_once_they_are_an_hour_old()
    {
        LandingSet landing = await LandingSet.GenerateAsync(_folder.Path, days: 1);
        string temporary = Path.Combine(landing.Root, ".tmp");
        ScorecardChild.Outcome killed = await ScorecardChild.RunAsync(FaultPoint.StoreBeforeRename, "ingest", "--store", landing.Root);
        Assert.True(killed.ExitCode != 0, killed.ToString());
        string abandoned = Assert.Single(Directory.GetFiles(temporary));
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - LocalFolderStore.AbandonedAfter - TimeSpan.FromMinutes(1));
        string live = Path.Combine(temporary, $"{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(live, "a writer still at work");

        ScorecardChild.Outcome rerun = await ScorecardChild.RunAsync(null, "ingest", "--store", landing.Root);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal([live], Directory.GetFiles(temporary));
        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce();
    }

    /// <summary>
    /// A killed build leaves its DuckDB spill folder, a killed ingest its work folder (here under the
    /// children's own TMPDIR). The next run removes those of dead runs once they are an hour old; a dead run's recent
    /// folder stays, and so does a live run's, however old.
    /// </summary>
    [Fact]
    public async Task Work_folders_of_killed_runs_are_removed_by_the_next_run_once_an_hour_old_and_a_live_runs_never()
    {
        LandingSet landing = await LandingSet.GenerateAsync(_folder.Path, days: 1);
        using var temp = new TempFolder();
        var settings = new ScorecardChild.Settings(new Dictionary<string, string> { ["TMPDIR"] = temp.Path });
        string spill = Path.Combine(temp.Path, "scorecard-duckdb");
        Assert.Equal(0, (await ScorecardChild.RunAsync(null, settings, "ingest", "--store", landing.Root)).ExitCode);
        Assert.NotEqual(0, (await ScorecardChild.RunAsync(FaultPoint.MartBeforeDatabaseSwap, settings, "build", "--store", landing.Root)).ExitCode);
        await landing.LandCorrectionsAsync(Day1);
        Assert.NotEqual(0, (await ScorecardChild.RunAsync(FaultPoint.IngestAfterLakeUpload, settings, "ingest", "--store", landing.Root)).ExitCode);

        // A build has no work folder of its own (a local store's mart folder is built in place), only DuckDB's spill folder.
        Assert.Empty(Directory.GetDirectories(temp.Path, "scorecard-build-*"));
        string[] abandoned =
        [
            Assert.Single(Directory.GetDirectories(spill, "build-*")),
            Assert.Single(Directory.GetDirectories(temp.Path, "scorecard-ingest-*")),
        ];
        string live = ScratchFolders.Create(spill, "build");
        string recent = abandoned[1][..(abandoned[1].LastIndexOf('-') + 1)] + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(recent);
        foreach (string folder in abandoned.Append(live))
        {
            MakeOld(folder, ScratchFolders.AbandonedAfter + TimeSpan.FromMinutes(1));
        }

        Assert.Equal(0, (await ScorecardChild.RunAsync(null, settings, "ingest", "--store", landing.Root)).ExitCode);
        Assert.Equal(0, (await ScorecardChild.RunAsync(null, settings, "build", "--store", landing.Root)).ExitCode);

        Assert.Empty(Directory.GetDirectories(temp.Path, "scorecard-build-*"));
        Assert.Equal([live], Directory.GetDirectories(spill, "build-*"));
        Assert.Equal([recent], Directory.GetDirectories(temp.Path, "scorecard-ingest-*"));
        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce();
    }

    [Fact]
    public async Task A_build_killed_at_each_publication_step_leaves_whole_files_and_the_next_build_completes_the_mart()
    {
        LandingSet landing = await PrepareAsync();
        Assert.Equal(0, (await ScorecardChild.RunAsync(null, "ingest", "--store", landing.Root)).ExitCode);
        Assert.Equal(0, (await ScorecardChild.RunAsync(null, "build", "--store", landing.Root)).ExitCode);
        await landing.LandCorrectionsAsync(Day2);
        Assert.Equal(0, (await ScorecardChild.RunAsync(null, "ingest", "--store", landing.Root)).ExitCode);

        foreach (string killAfter in new[] { FaultPoint.MartMidExport + "@5", FaultPoint.MartBeforeDatabaseSwap, FaultPoint.MartBeforeBuildRecord })
        {
            ScorecardChild.Outcome killed = await ScorecardChild.RunAsync(killAfter, "build", "--store", landing.Root, "--wait", "5");
            Assert.True(killed.ExitCode != 0 && killed.Error.Contains("killed on purpose", StringComparison.Ordinal), $"not killed at {killAfter}: {killed}");
            landing.AssertNothingPartialIsVisible();
        }

        ScorecardChild.Outcome rebuilt = await ScorecardChild.RunAsync(null, "build", "--store", landing.Root, "--wait", "5");

        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        landing.AssertNothingPartialIsVisible();
        StoreInvariants.AssertNoTemporaryNames(landing.Root);
        string mart = Path.Combine(landing.Root, StoreContainers.Mart);
        Assert.Empty(TableComparison.ParquetAgainstDatabase(mart));
        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce();
        using JsonDocument last = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(landing.Root, StoreContainers.State, MartPublisher.LastBuildPath)));
        Assert.True(last.RootElement.GetProperty("succeeded").GetBoolean());
    }

    /// <summary>Delays are random but seeded, and the seed is printed: set SCORECARD_CRASH_SEED to replay a failure.</summary>
    [Fact]
    public async Task Killing_ingest_and_build_at_seeded_random_moments_never_shows_a_partial_file_and_a_rerun_completes_the_work()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("SCORECARD_CRASH_SEED"), out int given) ? given : 20261123;
        output.WriteLine($"SCORECARD_CRASH_SEED={seed}");
        var random = new Random(seed);
        LandingSet landing = await PrepareAsync();

        foreach (string command in new[] { "ingest", "build", "ingest" })
        {
            int delay = random.Next(200, command == "build" ? 4000 : 1500);
            output.WriteLine($"{command}: kill after {delay} ms");
            using ScorecardChild child = ScorecardChild.Start(null, command, "--store", landing.Root, "--wait", "10");
            await Task.Delay(delay);
            child.Kill();
            ScorecardChild.Outcome outcome = await child.WaitAsync(killed: true);
            output.WriteLine($"  exit {outcome.ExitCode}");
            landing.AssertNothingPartialIsVisible();
            if (command == "ingest")
            {
                await landing.LandCorrectionsAsync(Day2);
            }
        }

        Assert.Equal(0, (await ScorecardChild.RunAsync(null, "ingest", "--store", landing.Root)).ExitCode);
        Assert.Equal(0, (await ScorecardChild.RunAsync(null, "build", "--store", landing.Root, "--wait", "10")).ExitCode);

        landing.AssertNothingPartialIsVisible();
        StoreInvariants.AssertNoTemporaryNames(landing.Root);
        landing.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce();
        Assert.Empty(TableComparison.ParquetAgainstDatabase(Path.Combine(landing.Root, StoreContainers.Mart)));
    }

    /// <summary>Sets the last write time of <paramref name="folder"/> and everything in it <paramref name="age"/> back.</summary>
    private static void MakeOld(string folder, TimeSpan age)
    {
        DateTime then = DateTime.UtcNow - age;
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, then);
        }

        foreach (string directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            Directory.SetLastWriteTimeUtc(directory, then);
        }
    }

    /// <summary>Day 1 ingested; corrections of day 1 and the new extracts of day 2 wait in landing/.</summary>
    private async Task<LandingSet> PrepareAsync()
    {
        LandingSet landing = await LandingSet.GenerateAsync(_folder.Path, days: 2);
        await landing.IngestDayAsync(Day1);
        // Corrections are delivered after the generated files, so a scan of landing/ meets them last.
        await Task.Delay(20);
        await landing.LandCorrectionsAsync(Day1);
        return landing;
    }
}
