using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>The same ingest against a real Azurite: lake, quarantine and audit blobs, and idempotency.</summary>
public sealed class AzureIngestTests : IDisposable
{
    private const string ContactsPath = "telephony/contacts/2026-10-01/contacts.csv";
    private readonly TempFolder _downloads = new();

    public void Dispose() => _downloads.Dispose();

    [Fact]
    public async Task Ingest_against_azurite_writes_lake_quarantine_and_audit_blobs()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), $"t{Guid.NewGuid():N}"[..12] + "-");
        using var fx = new IngestFixture(store);
        byte[] csv = ExtractBuilder.Contacts().Rows(50).Row(51, "talk_seconds=-3").BuildBytes();

        IngestResult result = await fx.LandAndIngestAsync(ContactsPath, csv);
        IngestResult again = await fx.LandAndIngestAsync(ContactsPath, csv);

        Assert.Equal(IngestStatus.Ingested, result.Status);
        Assert.Equal(IngestStatus.Unchanged, again.Status);
        Assert.Equal([result.Audit!.LakePath!], await fx.ListAsync(StoreContainers.Lake));
        Assert.Equal([result.Audit.QuarantinePath!], await fx.ListAsync(StoreContainers.Quarantine));
        Assert.Single(await fx.ListAsync(StoreContainers.State, "audit/"));
        string local = _downloads.File("lake.parquet");
        await store.DownloadToFileAsync(StoreContainers.Lake, result.Audit.LakePath!, local);
        Assert.Equal(50L, LakeQuery.Scalar($"select count(*) from read_parquet('{local}')"));
        Assert.Contains("talk_seconds -3 is out of range", await fx.ReadTextAsync(StoreContainers.Quarantine, result.Audit.QuarantinePath!));
    }
}
