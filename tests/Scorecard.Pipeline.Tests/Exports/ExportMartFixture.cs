using Scorecard.Pipeline.Exports;
using Scorecard.SampleData;
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
        GeneratedMart.BuildAsync(Store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 10, Agents = 24, ContactsPerDay = 300,
        }).GetAwaiter().GetResult();
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
}
