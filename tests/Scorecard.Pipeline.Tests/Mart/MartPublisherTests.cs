using DuckDB.NET.Data;
using Scorecard.SampleData;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>The whole pipeline on generated data: generate, ingest, build, through the store (local folder and Azurite).</summary>
public sealed class MartPublisherTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_local_store_builds_its_mart_in_place_and_records_the_build()
    {
        var store = new LocalFolderStore(_folder.Path);

        MartBuildRecord record = await GenerateIngestBuildAsync(store);

        Assert.True(record.Succeeded, string.Join(", ", record.DataTestsFailed));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "mart", MartBuilder.DatabaseFileName)));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder.Path, "mart", "fct_scorecard"), "data.parquet", SearchOption.AllDirectories));
        Assert.Contains(record.Phases, p => p.Name == "models" && p.PeakRssMb > 0 && p.CpuSeconds > 0);
        Assert.NotNull(await store.GetAsync(StoreContainers.State, MartPublisher.LastBuildPath));
        Assert.Null(record.ExportError);
        // The centre in every format, the queue, team and agent HTML pages the centre page links to, and the data dictionary (JSON, HTML).
        Assert.Equal(9, record.Exports!.Count);
        Assert.Contains(record.Exports, e => e.EndsWith(ScorecardExporter.DictionaryHtmlName, StringComparison.Ordinal));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(_folder.Path, "exports"), "scorecard_2026-10_centre_*").Length);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(_folder.Path, "exports"), "scorecard_2026-10_*.html").Length);
        ScorecardSummary summary = ScorecardSummaryReader.ReadLatest(Path.Combine(_folder.Path, "mart"))!;
        Assert.Equal(new DateOnly(2026, 10, 1), summary.PeriodStart);
        Assert.Equal(4, summary.Lines.Select(l => l.Perspective).Distinct().Count());
    }

    [Fact]
    public async Task A_lake_with_only_contacts_gives_null_not_nan_for_measures_without_data()
    {
        var store = new LocalFolderStore(_folder.Path);
        await store.EnsureContainersAsync();
        await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions { StartDate = new DateOnly(2026, 10, 1), Days = 2, Agents = 10, ContactsPerDay = 200 });
        var ingestor = new ExtractIngestor(store, new IngestOptions());
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Landing, "telephony/"))
        {
            await ingestor.IngestAsync(blob.Path);
        }

        MartBuildRecord record = await new MartPublisher(store, new MartOptions()).BuildAsync(TimeSpan.FromSeconds(10));

        Assert.True(record.Succeeded, string.Join(", ", record.DataTestsFailed));
        using var connection = MartConnection.OpenReadOnly(Path.Combine(_folder.Path, "mart"));
        using var command = connection.CreateCommand();
        command.CommandText = """
            select count(*) from scorecard.fct_kpi where not isfinite(value) or not isfinite(numerator) or not isfinite(denominator);
            """;
        Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar()));
        command.CommandText = "select count(*) from scorecard.fct_scorecard where kpi_id = 'training_hours_per_agent' and value is not null";
        Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar()));
        command.CommandText = "select count(*) from scorecard.fct_perspective_score where not isfinite(score)";
        Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar()));
    }

    [Fact]
    public async Task An_azure_store_stages_the_lake_and_publishes_the_mart_as_blobs()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), $"m{Guid.NewGuid():N}"[..12] + "-");

        MartBuildRecord record = await GenerateIngestBuildAsync(store);

        Assert.True(record.Succeeded, string.Join(", ", record.DataTestsFailed));
        Assert.NotNull(await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName));
        Assert.NotNull(await store.GetAsync(StoreContainers.Mart, "dim_agent/data.parquet"));
        Assert.NotEmpty(await store.ListAsync(StoreContainers.Mart, "fct_contact/contact_date=").ToListAsync());
        await using MartFile mart = await MartFile.OpenAsync(store);
        Assert.Equal(4, ScorecardSummaryReader.ReadLatest(mart.Directory)!.Lines.Select(l => l.Perspective).Distinct().Count());
    }

    [Fact]
    public async Task A_second_azure_build_downloads_only_what_is_new_in_the_lake_and_builds_incrementally_from_the_published_mart()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), $"c{Guid.NewGuid():N}"[..12] + "-");
        await GenerateIngestBuildAsync(store);
        var messages = new List<string>();
        var published = await store.ListAsync(StoreContainers.Mart).Select(b => b.Path).ToListAsync();

        MartBuildRecord again = await new MartPublisher(store, new MartOptions())
            .BuildAsync(TimeSpan.FromSeconds(10), new RecordingProgress(messages));

        Assert.True(again.Succeeded);
        // Nothing changed: no Parquet file is uploaded again, only the database (its build record); none is removed.
        Assert.Empty(again.ParquetWritten);
        BlobEntry database = (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName))!;
        Assert.Equal(database.Size, again.Phases.Single(p => p.Name == "upload").StoreBytesWritten);
        Assert.Equal(published, await store.ListAsync(StoreContainers.Mart).Select(b => b.Path).ToListAsync());
        Assert.Contains(messages, m => m.Contains("0 new file(s) downloaded, 0 replaced one(s) removed", StringComparison.Ordinal));
        Assert.Equal("incremental", again.BuildMode);
        Assert.Equal("no lake partition changed since the previous build", again.BuildModeReason);
        Assert.Equal("incremental", (await StateDocuments.ReadAsync<MartBuildRecord>(store, MartPublisher.LastBuildPath, CancellationToken.None))!.BuildMode);
    }

    [Fact]
    public async Task A_reader_of_the_scorecard_on_blob_storage_downloads_the_database_and_the_scorecard_tables_not_the_facts()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), $"r{Guid.NewGuid():N}"[..12] + "-");
        await GenerateIngestBuildAsync(store);

        // The build wrote the exports and the data dictionary through the readers' mirror.
        string folder;
        await using (MartMirror mirror = await MartMirror.OpenAsync(store, MartMirror.Purpose.Read, TimeSpan.FromSeconds(10)))
        {
            folder = mirror.Folder;
        }

        Assert.True(File.Exists(Path.Combine(folder, MartBuilder.DatabaseFileName)));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(folder, "fct_scorecard"), "*.parquet", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(folder, "fct_contact")), "the exports downloaded fct_contact");
        Assert.NotEmpty(await store.ListAsync(StoreContainers.Exports).Where(b => b.Path.EndsWith(".html", StringComparison.Ordinal)).ToListAsync());

        // A reader of every table (a query) brings the rest down, and reads the facts.
        await using (MartFile whole = await MartFile.OpenAsync(store))
        {
            using DuckDBConnection connection = MartConnection.OpenReadOnly(whole.Directory);
            Assert.Equal(
                await store.ListAsync(StoreContainers.Mart, "fct_contact/").CountAsync(),
                Directory.EnumerateFiles(Path.Combine(whole.Directory, "fct_contact"), "*.parquet", SearchOption.AllDirectories).Count());
            Assert.True(connection.Scalar<long>("select count(*) from marts.fct_contact") > 0);
        }

        // A new day changes fct_contact; the build's exports bring the scorecard tables up to date and delete the
        // mirror's old copy of fct_contact whole, which a view over the files left would read in part.
        await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions { StartDate = new DateOnly(2026, 10, 4), Days = 1, Agents = 15, ContactsPerDay = 300 });
        await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();
        MartBuildRecord next = await new MartPublisher(store, new MartOptions()).BuildAsync(TimeSpan.FromSeconds(10));
        Assert.True(next.Succeeded);
        Assert.Contains(next.ParquetWritten, f => f.StartsWith("fct_contact/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(folder, "fct_contact")), "the readers' mirror kept an old copy of fct_contact");
        Assert.True(File.Exists(Path.Combine(folder, "fct_scorecard", "period_start_week=2026-09-28", "data.parquet")));
    }

    private sealed class RecordingProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }

    [Fact]
    public async Task A_second_build_while_one_holds_the_lock_exits_with_a_clear_message()
    {
        var store = new LocalFolderStore(_folder.Path);
        await store.EnsureContainersAsync();
        await using IAsyncDisposable running = await store.AcquireLockAsync(MartPublisher.LockName, TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<StoreLockedException>(
            () => new MartPublisher(store, new MartOptions()).BuildAsync(TimeSpan.FromMilliseconds(300)));

        Assert.Contains("another build", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<MartBuildRecord> GenerateIngestBuildAsync(IBlobStore store)
    {
        await store.EnsureContainersAsync();
        await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 3, Agents = 15, ContactsPerDay = 300,
        });
        IReadOnlyList<IngestResult> results = await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();
        Assert.All(results, r => Assert.Equal(IngestStatus.Ingested, r.Status));
        return await new MartPublisher(store, new MartOptions()).BuildAsync(TimeSpan.FromSeconds(10));
    }
}
