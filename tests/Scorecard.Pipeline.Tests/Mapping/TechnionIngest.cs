using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>The Technion February file landed and ingested once for all tests of the class (33,344 rows).</summary>
public sealed class TechnionIngest : IAsyncLifetime
{
    public const string LandingPath = "mapped/technion-bank/2026-11-23/data_anonymous_bank_february.txt";

    public IngestFixture Fixture { get; } = new();

    public AuditRecord Audit { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (SharedDatasets.SkipReason is not null)
        {
            return;
        }

        await Fixture.LandAsync(LandingPath, await File.ReadAllBytesAsync(SharedDatasets.File("technion-anonymous-bank", "data_anonymous_bank_february.txt")));
        Audit = Assert.Single(await Fixture.Ingestor.IngestAllAsync(LandingPath)).Audit!;
    }

    public ValueTask DisposeAsync()
    {
        Fixture.Dispose();
        return ValueTask.CompletedTask;
    }
}
