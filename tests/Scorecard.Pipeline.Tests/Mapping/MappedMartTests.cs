using System.Globalization;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>The mart built over a mapped real-world source alone (contacts and surveys, no HR data).</summary>
public sealed class MappedMartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_mart_over_the_PwC_export_gives_its_published_abandon_rate_and_talk_time()
    {
        SharedDatasets.Require();
        var store = new LocalFolderStore(_folder.Path);
        await store.EnsureContainersAsync();
        string source = SharedDatasets.File("pwc-call-centre", "call-center-dataset.csv");
        await store.UploadFileAsync(StoreContainers.Landing, "mapped/pwc-call-centre/2026-11-23/call-center-dataset.csv", source);
        IReadOnlyList<IngestResult> ingested = await new ExtractIngestor(store, new IngestOptions()).IngestPendingAsync();
        Assert.All(ingested, r => Assert.Equal(IngestStatus.Ingested, r.Status));

        MartBuildRecord record = await new MartPublisher(store, new MartOptions { LakeDirectory = "-", MartDirectory = "-" }).BuildAsync(TimeSpan.FromSeconds(10));

        Assert.True(record.Succeeded, string.Join(", ", record.DataTestsFailed));
        using var connection = MartConnection.OpenReadOnly(Path.Combine(_folder.Path, "mart"));
        using var command = connection.CreateCommand();
        command.CommandText = """
            select kpi_id, sum(numerator), sum(denominator), count(*) from scorecard.fct_kpi
            where kpi_id in ('abandon_rate', 'average_handle_time', 'customer_satisfaction_mean') and level = 'centre' and period_grain = 'month'
            group by kpi_id order by kpi_id
            """;
        var kpis = new Dictionary<string, (double Numerator, double Denominator, long Months)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                kpis[reader.GetString(0)] = (reader.GetDouble(1), reader.GetDouble(2), reader.GetInt64(3));
            }
        }

        // 946 of the 5,000 calls were abandoned (SOURCE.md), over January to March 2021.
        Assert.Equal((946.0, 5_000.0, 3L), kpis["abandon_rate"]);
        // Handle time here is talk time only (the export has no hold or after-call work): the file's own mean talk time.
        var talk = File.ReadLines(source).Skip(1).Select(l => l.Split(',')[8]).Where(t => t.Length > 0)
            .Select(t => TimeSpan.ParseExact(t, @"h\.mm\.ss", CultureInfo.InvariantCulture).TotalSeconds).ToList();
        Assert.Equal(4_054, talk.Count);
        Assert.Equal(talk.Sum(), kpis["average_handle_time"].Numerator);
        Assert.Equal(4_054.0, kpis["average_handle_time"].Denominator);
        // Mean satisfaction comes from the surveys the same file fed: the sum of its 4,054 ratings.
        long ratings = File.ReadLines(source).Skip(1).Select(l => l.Split(',')[9]).Where(r => r.Length > 0).Sum(long.Parse);
        Assert.Equal(((double)ratings, 4_054.0, 3L), kpis["customer_satisfaction_mean"]);
    }
}
