using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Exports;

/// <summary>Sums the ingest audit records in <c>state/audit/</c> for an export's data-quality footer.</summary>
public static class DataQualityReader
{
    public static async Task<DataQualitySummary> ReadAsync(IBlobStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        int ingested = 0;
        int rejected = 0;
        long written = 0;
        long quarantined = 0;
        DateOnly? latest = null;
        bool any = false;
        await foreach (BlobEntry entry in store.ListAsync(StoreContainers.State, "audit/", cancellationToken))
        {
            if (!entry.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            AuditRecord? record = await StateDocuments.ReadAsync<AuditRecord>(store, entry.Path, cancellationToken);
            if (record is null)
            {
                continue;
            }

            any = true;
            if (record.Status == IngestStatus.Rejected)
            {
                rejected++;
                continue;
            }

            if (record.Status != IngestStatus.Ingested)
            {
                continue;
            }

            ingested++;
            written += record.RowsWritten;
            quarantined += record.RowsQuarantined;
            if (DateOnly.TryParseExact(record.ExtractDate, "yyyy-MM-dd", out DateOnly date) && (latest is null || date > latest))
            {
                latest = date;
            }
        }

        return new DataQualitySummary
        {
            ExtractsIngested = ingested,
            ExtractsRejected = rejected,
            RowsWritten = written,
            RowsQuarantined = quarantined,
            LatestExtractDate = latest,
            HasAudit = any,
        };
    }
}
