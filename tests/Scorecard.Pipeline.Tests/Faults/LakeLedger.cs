using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;
using Sylvan.Data.Csv;

namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>
/// Checks a store's lake against its state, the way an auditor would: every current extract (its pointer in
/// <c>state/extracts/</c>) has an audit with rows read = written + quarantined, a lake file holding exactly the
/// written rows and a quarantine file holding exactly the quarantined ones; the lake and the quarantine hold
/// nothing else. Returns the totals.
/// </summary>
public static class LakeLedger
{
    public static async Task<LedgerTotals> CheckAsync(IBlobStore store)
    {
        using var folder = new TempFolder();
        var expectedLake = new SortedSet<string>(StringComparer.Ordinal);
        var expectedQuarantine = new SortedSet<string>(StringComparer.Ordinal);
        var totals = new LedgerTotals(0, 0, 0, 0);
        await foreach (BlobEntry entry in store.ListAsync(StoreContainers.State, "extracts/"))
        {
            ExtractPointer pointer = (await StateDocuments.ReadAsync<ExtractPointer>(store, entry.Path, CancellationToken.None))!;
            string day = entry.Path["extracts/".Length..^".json".Length];
            AuditRecord audit = (await StateDocuments.ReadAsync<AuditRecord>(store, $"audit/{day}/{pointer.ExtractId}.json", CancellationToken.None))
                ?? throw new Xunit.Sdk.XunitException($"{entry.Path} names extract {pointer.ExtractId}, which has no audit record");
            Assert.Equal(IngestStatus.Ingested, audit.Status);
            Assert.True(audit.RowsRead == audit.RowsWritten + audit.RowsQuarantined, $"{audit.LandingPath}: read {audit.RowsRead} <> {audit.RowsWritten} + {audit.RowsQuarantined}");

            string local = Path.Combine(folder.Path, $"{pointer.ExtractId}.parquet");
            await store.DownloadToFileAsync(StoreContainers.Lake, audit.LakePath!, local);
            Assert.Equal(audit.RowsWritten, (long)LakeQuery.Scalar($"select count(*) from read_parquet('{local}')")!);
            expectedLake.Add(audit.LakePath!);
            if (audit.RowsQuarantined > 0)
            {
                Assert.Equal(audit.RowsQuarantined, await CountCsvRecordsAsync(store, audit.QuarantinePath!));
                expectedQuarantine.Add(audit.QuarantinePath!);
            }

            totals = new LedgerTotals(totals.Extracts + 1, totals.RowsRead + audit.RowsRead, totals.RowsWritten + audit.RowsWritten, totals.RowsQuarantined + audit.RowsQuarantined);
        }

        Assert.Equal(expectedLake, await ListAsync(store, StoreContainers.Lake));
        Assert.Equal(expectedQuarantine, await ListAsync(store, StoreContainers.Quarantine));
        return totals;
    }

    /// <summary>Records in a quarantine file (after its header); fields may hold quoted line breaks.</summary>
    public static async Task<long> CountCsvRecordsAsync(IBlobStore store, string path)
    {
        string text = await store.ReadAllTextAsync(StoreContainers.Quarantine, path);
        using var csv = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = 64 * 1024 * 1024 });
        long rows = 0;
        while (await csv.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    private static async Task<SortedSet<string>> ListAsync(IBlobStore store, string container)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (BlobEntry entry in store.ListAsync(container))
        {
            paths.Add(entry.Path);
        }

        return paths;
    }
}
