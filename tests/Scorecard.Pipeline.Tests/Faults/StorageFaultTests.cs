using Scorecard.SampleData;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;
using Scorecard.Pipeline.Tests.Reliability;

namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>
/// Ingest and mart build against Azurite through <see cref="FaultProxy"/>: transient faults are ridden out by the
/// store's retries and change nothing in the result; an outage fails the operation with one clear line naming the
/// blob and leaves nothing half-written, and a rerun once the store is back completes correctly.
/// </summary>
public sealed class StorageFaultTests(ITestOutputHelper output)
{
    private const string ContactsPath = "telephony/contacts/2026-10-01/contacts.csv";
    private const int Seed = 20_261_123;

    /// <summary>Short back-off so tests take seconds; enough retries that 20% faults never exhaust them (0.2^11).</summary>
    private static readonly AzureStoreOptions Patient = new()
    {
        MaxRetries = 10, RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(50), NetworkTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Gives up fast: three attempts.</summary>
    private static readonly AzureStoreOptions Impatient = new()
    {
        MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(20), NetworkTimeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task Ingest_and_build_through_a_store_failing_one_request_in_five_equal_a_fault_free_run()
    {
        string azurite = AzuriteEnvironment.RequireConnectionString();
        await using FaultProxy proxy = await FaultProxy.StartAsync(azurite, Seed);
        string cleanPrefix = NewPrefix("c");
        string faultyPrefix = NewPrefix("f");
        var clean = new AzureBlobStore(azurite, cleanPrefix);
        await GenerateAsync(clean);
        await GenerateAsync(new AzureBlobStore(azurite, faultyPrefix));
        var faulty = new AzureBlobStore(proxy.Route(azurite), faultyPrefix, Patient);

        var cleanResults = await IngestAndBuildAsync(clean);
        proxy.FaultRate = 0.2;
        var faultyResults = await IngestAndBuildAsync(faulty);
        proxy.FaultRate = 0;

        output.WriteLine($"{proxy.Faults} of {proxy.Requests} requests failed (seed {Seed})");
        Assert.True(proxy.Faults > 20, $"only {proxy.Faults} faults were injected");
        Assert.Equal(cleanResults, faultyResults);
        Assert.Equal(await StoreDigest.LakeAsync(clean), await StoreDigest.LakeAsync(faulty));
        Assert.Equal(await StoreDigest.MartAsync(clean), await StoreDigest.MartAsync(faulty));
    }

    [Fact]
    public async Task A_storage_outage_fails_the_ingest_naming_the_blob_and_a_rerun_after_it_completes()
    {
        string azurite = AzuriteEnvironment.RequireConnectionString();
        await using FaultProxy proxy = await FaultProxy.StartAsync(azurite, Seed);
        string prefix = NewPrefix("o");
        var direct = new AzureBlobStore(azurite, prefix);
        await direct.EnsureContainersAsync();
        await direct.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(ExtractBuilder.Contacts().Rows(7).Row(8, "channel=fax").BuildBytes()));
        var store = new AzureBlobStore(proxy.Route(azurite), prefix, Impatient);
        var ingestor = new ExtractIngestor(store, new IngestOptions());

        proxy.FaultRate = 1;
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => ingestor.IngestAsync(ContactsPath));
        proxy.EndOutage();
        IngestResult rerun = await ingestor.IngestAsync(ContactsPath);

        output.WriteLine(error.Message);
        Assert.Equal($"{prefix}landing/{ContactsPath}", error.Blob);
        Assert.Contains($"'{prefix}landing/{ContactsPath}' failed after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.Equal(IngestStatus.Ingested, rerun.Status);
        Assert.Equal((8L, 7L, 1L), (rerun.Audit!.RowsRead, rerun.Audit.RowsWritten, rerun.Audit.RowsQuarantined));
        Assert.Single(await ListAsync(direct, StoreContainers.Lake));
        Assert.Single(await ListAsync(direct, StoreContainers.State, "audit/"));
    }

    /// <summary>
    /// An outage may begin at any request of an ingest that replaces an earlier extract: after each cut the store
    /// still holds a consistent day (rerun: exactly the new extract, rows conserved, the old one gone).
    /// </summary>
    [Fact]
    public async Task An_outage_at_any_request_of_an_ingest_is_repaired_by_a_rerun_with_rows_conserved()
    {
        string azurite = AzuriteEnvironment.RequireConnectionString();
        await using FaultProxy proxy = await FaultProxy.StartAsync(azurite, Seed);
        byte[] first = ExtractBuilder.Contacts().Rows(4).BuildBytes();
        byte[] second = ExtractBuilder.Contacts().Rows(5).Row(6, "talk_seconds=-1").BuildBytes();

        long requests = long.Parse(await IngestWithOutageAsync(azurite, proxy, first, second, cutAfter: null), System.Globalization.CultureInfo.InvariantCulture);
        var outcomes = new List<string>();
        for (long cut = 0; cut < requests; cut++)
        {
            outcomes.Add($"{cut}: {await IngestWithOutageAsync(azurite, proxy, first, second, cut)}");
        }

        output.WriteLine($"a clean ingest takes {requests} requests; outcome of an outage from each one:\n{string.Join('\n', outcomes)}");
        Assert.True(requests >= 8, $"{requests} requests");
    }

    [Fact]
    public async Task A_lease_granted_whose_answer_was_lost_is_taken_back_by_the_next_try()
    {
        string azurite = AzuriteEnvironment.RequireConnectionString();
        await using FaultProxy proxy = await FaultProxy.StartAsync(azurite, Seed);
        string prefix = NewPrefix("l");
        var store = new AzureBlobStore(proxy.Route(azurite), prefix, Impatient);
        await store.EnsureContainersAsync();

        proxy.FailFrom(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("locks/mart-build.lock?comp=lease", StringComparison.Ordinal),
            Impatient.Attempts, FaultKind.DropAfterForwarding);
        await using (IAsyncDisposable held = await store.AcquireLockAsync(MartPublisher.LockName, TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(Impatient.Attempts, proxy.Faults);
            await Assert.ThrowsAsync<StoreLockedException>(() => new AzureBlobStore(azurite, prefix).AcquireLockAsync(MartPublisher.LockName, TimeSpan.Zero));
        }

        await using IAsyncDisposable again = await new AzureBlobStore(azurite, prefix).AcquireLockAsync(MartPublisher.LockName, TimeSpan.Zero);
    }

    /// <summary>
    /// An outage while staging the lake or publishing the database (the last mart blob): the build fails with the
    /// blob named and readers keep the previous database; an outage while writing exports is recorded on the build,
    /// whose mart is published; a rerun publishes the mart of a fault-free run over the same extracts. Before each
    /// phase a corrected extract is ingested, so the build has a new lake file to stage and a new database to publish
    /// (an unchanged lake is neither downloaded again nor rebuilt). The database goes up in blocks, made visible by
    /// one block-list commit: the outage cuts that commit.
    /// </summary>
    [Fact]
    public async Task A_storage_outage_in_any_phase_of_a_build_fails_it_cleanly_and_a_rerun_publishes_the_same_mart()
    {
        string azurite = AzuriteEnvironment.RequireConnectionString();
        await using FaultProxy proxy = await FaultProxy.StartAsync(azurite, Seed);
        string prefix = NewPrefix("b");
        var direct = new AzureBlobStore(azurite, prefix);
        GenerateResult generated = await GenerateAsync(direct);
        var directIngestor = new ExtractIngestor(direct, new IngestOptions());
        await directIngestor.IngestPendingAsync();
        await new MartPublisher(direct, new MartOptions { LakeDirectory = "-", MartDirectory = "-" }).BuildAsync(TimeSpan.FromSeconds(10));
        var store = new AzureBlobStore(proxy.Route(azurite), prefix, Impatient);
        var publisher = new MartPublisher(store, new MartOptions { LakeDirectory = "-", MartDirectory = "-" });
        string database = $"{prefix}mart/{MartBuilder.DatabaseFileName}";
        var phases = new (string Phase, string Corrected, string Request, string Operation, string Blob)[]
        {
            ("staging", CorrectedFile(generated, "telephony/contacts", 1), $"GET /devstoreaccount1/{prefix}lake/", "reading", $"{prefix}lake/"),
            ("publishing the database", CorrectedFile(generated, "crm/cases", 2), $"PUT /devstoreaccount1/{database}?comp=blocklist", "writing", database),
        };

        var messages = new List<string>();
        foreach (var (phase, corrected, request, operation, blob) in phases)
        {
            string landed = (await LandingSet.LandCorrectionAsync(direct, corrected))!;
            Assert.Equal(IngestStatus.Ingested, (await directIngestor.IngestAsync(landed)).Status);
            string? databaseBefore = (await direct.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName))!.Version;
            var martBefore = await StoreDigest.MartAsync(direct, splitTables: false);
            long requestsBefore = proxy.Requests;
            // Every request of the phase's kind answered 503 (so the service surely did not take the write; a lost
            // answer is the 20% test's business) until the outage is over. Other requests pass, so the build can
            // release its lock and the next build need not wait for the lease to expire.
            proxy.FailEvery(r => r.StartsWith(request, StringComparison.Ordinal), FaultKind.Status503);
            var error = await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
            {
                MartBuildRecord unexpected = await publisher.BuildAsync(TimeSpan.FromSeconds(10));
                output.WriteLine($"{phase}: no fault met; build {unexpected.BuildMode} ({unexpected.BuildModeReason}), {proxy.Faults} fault(s) injected; requests:");
                output.WriteLine(string.Join('\n', proxy.Log.Skip((int)requestsBefore)));
            });
            proxy.EndOutage();
            messages.Add($"{phase}: {error.Message}");

            Assert.StartsWith("Storage did not answer: ", error.Message, StringComparison.Ordinal);
            Assert.Equal(operation, error.Operation);
            Assert.StartsWith(blob, error.Blob, StringComparison.Ordinal);
            Assert.Contains($"{operation} '{error.Blob}' failed after {Impatient.Attempts} attempts", error.Message, StringComparison.Ordinal);
            Assert.Equal(databaseBefore, (await direct.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName))!.Version);
            Assert.Equal(martBefore, await StoreDigest.MartAsync(direct, splitTables: false));
        }

        proxy.FailFrom(r => r.StartsWith($"PUT /devstoreaccount1/{prefix}exports/", StringComparison.Ordinal), Impatient.Attempts);
        MartBuildRecord exportsFailed = await publisher.BuildAsync(TimeSpan.FromSeconds(10));
        proxy.EndOutage();
        MartBuildRecord rerun = await publisher.BuildAsync(TimeSpan.FromSeconds(10));

        output.WriteLine(string.Join('\n', messages));
        Assert.True(exportsFailed.Succeeded);
        Assert.StartsWith("Storage did not answer: writing", exportsFailed.ExportError, StringComparison.Ordinal);
        Assert.True(rerun.Succeeded);
        Assert.Null(rerun.ExportError);
        Assert.Equal(9, rerun.Exports!.Count); // seven scorecard files and the data dictionary's two
        Assert.Equal(await FaultFreeMartAsync(azurite, phases.Select(p => p.Corrected)), await StoreDigest.MartAsync(direct));
    }

    /// <summary>The mart digest of a fault-free run: the generated extracts, then each correction, ingested and built directly.</summary>
    private static async Task<SortedDictionary<string, string>> FaultFreeMartAsync(string azurite, IEnumerable<string> corrected)
    {
        var store = new AzureBlobStore(azurite, NewPrefix("r"));
        await GenerateAsync(store);
        var ingestor = new ExtractIngestor(store, new IngestOptions());
        await ingestor.IngestPendingAsync();
        foreach (string path in corrected)
        {
            await ingestor.IngestAsync((await LandingSet.LandCorrectionAsync(store, path))!);
        }

        MartBuildRecord build = await new MartPublisher(store, new MartOptions { LakeDirectory = "-", MartDirectory = "-" }).BuildAsync(TimeSpan.FromSeconds(10));
        Assert.True(build.Succeeded);
        return await StoreDigest.MartAsync(store);
    }

    private static string CorrectedFile(GenerateResult generated, string dataset, int day) =>
        generated.Files.First(f => f.Dataset == dataset && f.Date.Day == day).Path;

    /// <summary>
    /// Lands <paramref name="first"/> and ingests it cleanly, lands <paramref name="second"/> and ingests it with an
    /// outage from request <paramref name="cutAfter"/> (none: counts the requests), then reruns after the outage
    /// and checks the day. Returns the request count, or a description of what the outage did.
    /// </summary>
    private static async Task<string> IngestWithOutageAsync(string azurite, FaultProxy proxy, byte[] first, byte[] second, long? cutAfter)
    {
        string prefix = NewPrefix("i");
        var direct = new AzureBlobStore(azurite, prefix);
        await direct.EnsureContainersAsync();
        var store = new AzureBlobStore(proxy.Route(azurite), prefix, Impatient);
        var ingestor = new ExtractIngestor(store, new IngestOptions());
        await direct.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(first));
        IngestResult old = await new ExtractIngestor(direct, new IngestOptions()).IngestAsync(ContactsPath);
        await direct.WriteAsync(StoreContainers.Landing, ContactsPath, new MemoryStream(second));

        long before = proxy.Requests;
        string outcome;
        if (cutAfter is { } cut)
        {
            proxy.StartOutageAfter(cut);
            try
            {
                IngestResult result = await ingestor.IngestAsync(ContactsPath);
                outcome = $"completed ({result.Status})";
            }
            catch (StoreUnavailableException e)
            {
                string firstFault = proxy.Log.Skip((int)before).First(r => r.Contains(" -> ", StringComparison.Ordinal));
                outcome = $"{e.Operation} {e.Blob[prefix.Length..]} (first failed request: {firstFault.Replace(prefix, "", StringComparison.Ordinal)})";
            }
            finally
            {
                proxy.EndOutage();
            }

            IngestResult rerun = await ingestor.IngestAsync(ContactsPath);
            outcome += $" -> rerun {rerun.Status}";
        }
        else
        {
            await ingestor.IngestAsync(ContactsPath);
            outcome = (proxy.Requests - before).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // The day holds exactly the second extract: one lake file, its audit conserving rows, the first one gone.
        var lake = await ListAsync(direct, StoreContainers.Lake);
        Assert.True(lake.Count == 1, $"cut {cutAfter}: lake holds {string.Join(", ", lake)}");
        Assert.DoesNotContain(old.ExtractId!, lake[0], StringComparison.Ordinal);
        string current = Path.GetFileNameWithoutExtension(lake[0]);
        var audits = await ListAsync(direct, StoreContainers.State, "audit/");
        string auditPath = Assert.Single(audits, a => a.Contains(current, StringComparison.Ordinal));
        AuditRecord audit = (await StateDocuments.ReadAsync<AuditRecord>(direct, auditPath, CancellationToken.None))!;
        Assert.Equal((6L, 5L, 1L), (audit.RowsRead, audit.RowsWritten, audit.RowsQuarantined));
        Assert.Equal([$"telephony/contacts/extract_date=2026-10-01/{current}.csv"], await ListAsync(direct, StoreContainers.Quarantine));
        Assert.Equal(IngestStatus.AlreadyIngested, (await ingestor.IngestAsync(ContactsPath)).Status);
        return outcome;
    }

    private static async Task<List<string>> IngestAndBuildAsync(IBlobStore store)
    {
        IReadOnlyList<IngestResult> results = await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();
        MartBuildRecord build = await new MartPublisher(store, new MartOptions { LakeDirectory = "-", MartDirectory = "-" }).BuildAsync(TimeSpan.FromSeconds(30));
        Assert.True(build.Succeeded, string.Join(", ", build.DataTestsFailed));
        return results
            .Select(r => $"{r.LandingPath}: {r.Status} {r.Audit?.RowsRead} = {r.Audit?.RowsWritten} + {r.Audit?.RowsQuarantined}")
            .Append($"build: {build.ModelsRun} models, {build.DataTestsPassed} data tests passed, exports {build.Exports?.Count}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<GenerateResult> GenerateAsync(IBlobStore store)
    {
        await store.EnsureContainersAsync();
        return await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 2, Agents = 10, ContactsPerDay = 150, Seed = 7,
        });
    }

    private static async Task<List<string>> ListAsync(IBlobStore store, string container, string prefix = "")
    {
        var paths = new List<string>();
        await foreach (BlobEntry entry in store.ListAsync(container, prefix))
        {
            paths.Add(entry.Path);
        }

        return paths;
    }

    private static string NewPrefix(string letter) => $"{letter}{Guid.NewGuid():N}"[..12] + "-";
}
