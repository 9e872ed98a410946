using Scorecard.SampleData;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>
/// The store itself goes away: an Azurite of the test's own is stopped (SIGTERM) just as a chosen request arrives
/// (the loopback proxy in front of it says when) and started again. Restarted at once, the ingest or build rides
/// it out through retries; kept down longer than the retries, it fails with one clear line, and a rerun after the
/// restart completes with every row accounted for.
/// </summary>
public sealed class AzuriteRestartTests(ITestOutputHelper output)
{
    /// <summary>Back-off long enough (about 45 s in all) for Azurite to come back even on a busy machine; a quick restart costs only its own time.</summary>
    private static readonly AzureStoreOptions RidesOutARestart = new()
    {
        MaxRetries = 14, RetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(4), NetworkTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Gives up within a second.</summary>
    private static readonly AzureStoreOptions GivesUpFast = new()
    {
        MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100), NetworkTimeout = TimeSpan.FromSeconds(20),
        LockLeaseDuration = TimeSpan.FromSeconds(15),
    };

    [Fact]
    public async Task An_azurite_restart_mid_ingest_is_ridden_out_or_fails_cleanly_and_a_rerun_conserves_every_row()
    {
        AzuriteProcess.Require();
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync();
        await using FaultProxy proxy = await FaultProxy.StartAsync(azurite.ConnectionString, 1);
        var direct = new AzureBlobStore(azurite.ConnectionString);
        await GenerateAsync(direct, new DateOnly(2026, 10, 1));

        // 1. Azurite stops as the third lake file is being written and comes straight back: retries ride it out.
        StopAt(proxy, azurite, "PUT /devstoreaccount1/lake/", occurrence: 3, restart: true);
        IReadOnlyList<IngestResult> first = await new ExtractIngestor(new AzureBlobStore(proxy.Route(azurite.ConnectionString), options: RidesOutARestart), new IngestOptions()).IngestPendingAsync();
        Assert.All(first, r => Assert.Equal(IngestStatus.Ingested, r.Status));

        // 2. Azurite stops as an audit record is being written and stays down past the retries: a clean failure.
        await GenerateAsync(direct, new DateOnly(2026, 10, 3));
        StopAt(proxy, azurite, "PUT /devstoreaccount1/state/audit/", occurrence: 2, restart: false);
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            new ExtractIngestor(new AzureBlobStore(proxy.Route(azurite.ConnectionString), options: GivesUpFast), new IngestOptions()).IngestPendingAsync());
        Assert.Contains("'state/audit/", error.Message, StringComparison.Ordinal);

        // 3. Back up: a rerun finishes the job.
        proxy.BeforeForwarding = null;
        await azurite.StartAgainAsync();
        IReadOnlyList<IngestResult> rerun = await new ExtractIngestor(direct, new IngestOptions()).IngestPendingAsync();
        LedgerTotals totals = await LakeLedger.CheckAsync(direct);

        output.WriteLine($"{error.Message}\nrerun: {string.Join(", ", rerun.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"))}; ledger {totals}");
        Assert.Equal(40, totals.Extracts); // ten datasets a day, four days
        Assert.Equal(await LandedRowsAsync(direct), totals.RowsRead);
    }

    [Fact]
    public async Task An_azurite_restart_mid_build_is_ridden_out_or_fails_cleanly_and_a_rerun_publishes_the_same_mart()
    {
        AzuriteProcess.Require();
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync();
        await using FaultProxy proxy = await FaultProxy.StartAsync(azurite.ConnectionString, 1);
        var direct = new AzureBlobStore(azurite.ConnectionString);
        await GenerateAsync(direct, new DateOnly(2026, 10, 1));
        await new ExtractIngestor(direct, new IngestOptions()).IngestPendingAsync();
        var options = new MartOptions { LakeDirectory = "-", MartDirectory = "-" };

        // 1. Azurite stops while the lake is being staged and comes straight back: the build completes.
        StopAt(proxy, azurite, "GET /devstoreaccount1/lake/", occurrence: 4, restart: true);
        MartBuildRecord ridden = await new MartPublisher(new AzureBlobStore(proxy.Route(azurite.ConnectionString), options: RidesOutARestart), options).BuildAsync(TimeSpan.FromSeconds(30));
        Assert.True(ridden.Succeeded);
        var expected = await StoreDigest.MartAsync(direct);
        string? database = (await direct.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName))!.Version;

        // 2. Azurite stops as the mart's tables are being published and stays down: the build fails cleanly and
        //    readers keep the database of build 1.
        StopAt(proxy, azurite, "PUT /devstoreaccount1/mart/", occurrence: 2, restart: false);
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            new MartPublisher(new AzureBlobStore(proxy.Route(azurite.ConnectionString), options: GivesUpFast), options).BuildAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("'mart/", error.Message, StringComparison.Ordinal);

        // 3. Back up: the previous database is still there, and a rerun publishes the same mart. The failed build's
        //    lease could not be released while Azurite was down, so the rerun waits for it to expire (15 s here).
        proxy.BeforeForwarding = null;
        await azurite.StartAgainAsync();
        Assert.Equal(database, (await direct.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName))!.Version);
        MartBuildRecord rerun = await new MartPublisher(direct, options).BuildAsync(TimeSpan.FromSeconds(40));

        output.WriteLine(error.Message);
        Assert.True(rerun.Succeeded);
        Assert.Equal(expected, await StoreDigest.MartAsync(direct));
    }

    /// <summary>
    /// Stops Azurite when the <paramref name="occurrence"/>th request starting with <paramref name="request"/>
    /// arrives, before it is forwarded; with <paramref name="restart"/> starts it again in the background at once
    /// (the request fails at once, and its retries find Azurite back).
    /// </summary>
    private static void StopAt(FaultProxy proxy, AzuriteProcess azurite, string request, int occurrence, bool restart)
    {
        int seen = 0;
        var gate = new SemaphoreSlim(1, 1);
        proxy.BeforeForwarding = async line =>
        {
            if (!line.StartsWith(request, StringComparison.Ordinal) || Interlocked.Increment(ref seen) != occurrence)
            {
                return;
            }

            await gate.WaitAsync();
            try
            {
                await azurite.StopAsync();
                if (restart)
                {
                    _ = Task.Run(azurite.StartAgainAsync);
                }
            }
            finally
            {
                gate.Release();
            }
        };
    }

    private static async Task GenerateAsync(IBlobStore store, DateOnly start)
    {
        await store.EnsureContainersAsync();
        await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions { StartDate = start, Days = 2, Agents = 10, ContactsPerDay = 150, Seed = 11 });
    }

    /// <summary>Data rows in every landing extract (lines after the header; the generator quotes no line breaks).</summary>
    private static async Task<long> LandedRowsAsync(IBlobStore store)
    {
        long rows = 0;
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Landing))
        {
            string text = await store.ReadAllTextAsync(StoreContainers.Landing, blob.Path);
            rows += text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        }

        return rows;
    }
}
