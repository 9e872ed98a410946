using System.Globalization;
using System.IO.Compression;
using CsCheck;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Faults;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>
/// Mutation fuzzing of the ingest with CsCheck: valid generated extracts (contacts or cases, 0-12 rows, some rows
/// already invalid) damaged by 1-6 seeded mutations (bit flips, inserted and deleted bytes, doubled or dropped
/// delimiters and quotes, swapped fields, truncation, duplicated lines, stray line breaks), sometimes gzipped and
/// sometimes with the gzip data itself damaged. Property: the ingest never throws; it rejects the file whole (and
/// then nothing reaches the lake or quarantine) or ingests it with rows read = written + quarantined and the lake
/// and quarantine files holding exactly what the audit says. 120 cases by default; SCORECARD_FUZZ_CASES runs more,
/// SCORECARD_FUZZ_SEED replays the seed a failure prints.
/// </summary>
public sealed class HostileFuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<HostileMutation> Mutation =
        Gen.Select(Gen.Enum<HostileMutationKind>(), Gen.Int[0, 1 << 20], Gen.Byte, (kind, position, value) => new HostileMutation(kind, position, value));

    private static readonly Gen<FuzzCase> Case =
        Gen.Select(Gen.Bool, Gen.Int[0, 12], Gen.Int[0, 3], Mutation.Array[1, 6], Gen.Int[0, 9])
            .Select((cases, rows, badRows, mutations, packing) => new FuzzCase(cases, rows, badRows, mutations, packing));

    [Fact]
    public async Task Damaged_extracts_are_rejected_whole_or_ingested_with_every_row_accounted_for()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("SCORECARD_FUZZ_CASES"), CultureInfo.InvariantCulture, out int n) ? n : 120;
        string? seed = Environment.GetEnvironmentVariable("SCORECARD_FUZZ_SEED");
        int rejected = 0;
        int ingested = 0;

        await Case.SampleAsync(async fuzz =>
        {
            using var fx = new IngestFixture();
            IngestResult result = await fx.LandAndIngestAsync(fuzz.LandingPath, fuzz.Content());
            AuditRecord audit = result.Audit!;
            if (result.Status == IngestStatus.Rejected)
            {
                Interlocked.Increment(ref rejected);
                Assert.False(string.IsNullOrWhiteSpace(audit.Reason));
                Assert.Empty(await fx.ListAsync(StoreContainers.Lake));
                Assert.Empty(await fx.ListAsync(StoreContainers.Quarantine));
                return;
            }

            Interlocked.Increment(ref ingested);
            Assert.Equal(IngestStatus.Ingested, result.Status);
            Assert.Equal(audit.RowsRead, audit.RowsWritten + audit.RowsQuarantined);
            LedgerTotals totals = await LakeLedger.CheckAsync(fx.Store);
            Assert.Equal(new LedgerTotals(1, audit.RowsRead, audit.RowsWritten, audit.RowsQuarantined), totals);
        }, writeLine: output.WriteLine, seed: seed, iter: cases, threads: 1, print: fuzz => fuzz.ToString());

        output.WriteLine($"{cases} damaged extracts: {ingested} ingested (rows conserved), {rejected} rejected whole");
        Assert.True(ingested > 0 && rejected > 0, $"the mutations should give both outcomes ({ingested} ingested, {rejected} rejected)");
    }

    /// <summary>A generated extract and the damage done to it; <paramref name="Packing"/> 0-5 plain, 6-8 gzip, 9 gzip with a damaged byte.</summary>
    public sealed record FuzzCase(bool Cases, int Rows, int BadRows, HostileMutation[] Mutations, int Packing)
    {
        public string LandingPath => (Cases ? "crm/cases/2026-10-01/cases.csv" : "telephony/contacts/2026-10-01/contacts.csv") + (Packing >= 6 ? ".gz" : "");

        public byte[] Content()
        {
            var builder = Cases ? new ExtractBuilder(ExtractContracts.Cases) : ExtractBuilder.Contacts();
            builder.Rows(Rows);
            for (int i = 0; i < BadRows; i++)
            {
                builder.Row(100 + i, Cases ? "status=unknown" : "talk_seconds=-1");
            }

            byte[] bytes = builder.BuildBytes();
            foreach (HostileMutation mutation in Mutations)
            {
                bytes = mutation.ApplyTo(bytes);
            }

            if (Packing < 6)
            {
                return bytes;
            }

            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(bytes);
            }

            byte[] packed = compressed.ToArray();
            if (Packing == 9)
            {
                packed[(Mutations[0].Position % (packed.Length - 10)) + 10] ^= 0x5A;
            }

            return packed;
        }

        public override string ToString() =>
            $"{LandingPath}, {Rows} rows + {BadRows} bad, mutations [{string.Join(", ", Mutations.Select(m => $"{m.Kind}@{m.Position}:{m.Value}"))}]";
    }
}
