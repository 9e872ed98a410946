using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Generate;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>
/// One small mart built from generated data (ten days from 2026-10-01, two teams) through a local-folder store - generate,
/// ingest, build - shared by the export tests, with the team-level October export read from it.
/// </summary>
public sealed class ExportMartFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public ExportMartFixture()
    {
        Store = new LocalFolderStore(_folder.Path);
        BuildAsync().GetAwaiter().GetResult();
        Exporter = new ScorecardExporter(Store);
        TeamMonth = Exporter.ReadAsync(new ExportPeriod("month", new DateOnly(2026, 10, 1)), "team").GetAwaiter().GetResult();
        CentreMonth = Exporter.ReadAsync(null, "centre").GetAwaiter().GetResult();
    }

    public LocalFolderStore Store { get; }

    public ScorecardExporter Exporter { get; }

    public string MartDirectory => Path.Combine(_folder.Path, StoreContainers.Mart);

    public ScorecardExport TeamMonth { get; }

    public ScorecardExport CentreMonth { get; }

    public TempFolder Scratch { get; } = new();

    public void Dispose()
    {
        Scratch.Dispose();
        _folder.Dispose();
    }

    private async Task BuildAsync()
    {
        await Store.EnsureContainersAsync();
        await new SampleDataGenerator().GenerateAsync(Store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 10, Agents = 24, ContactsPerDay = 300,
        });
        IReadOnlyList<IngestResult> results = await new ExtractIngestor(Store, new IngestOptions()).IngestPendingAsync();
        if (results.Any(r => r.Status != IngestStatus.Ingested))
        {
            throw new InvalidOperationException("The generated extracts did not all ingest.");
        }

        MartBuildRecord record = await new MartPublisher(Store, new MartOptions())
            .BuildAsync(TimeSpan.FromSeconds(30));
        if (!record.Succeeded)
        {
            throw new InvalidOperationException("The mart build failed: " + string.Join(", ", record.DataTestsFailed));
        }
    }
}
