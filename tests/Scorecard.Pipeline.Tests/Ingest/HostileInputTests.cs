using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mapping;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Faults;
using Sylvan.Data.Csv;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>
/// Every hostile input of <see cref="HostileInputCorpus"/> gets exactly its stated outcome: rejected whole with its
/// reason (nothing reaches the lake or quarantine; one audit record per dataset fed), or ingested with the stated
/// rows quarantined under their row, column and reason; rows read = written + quarantined (and, for a mapped export,
/// source rows = rows read + rows dropped), and lake and quarantine agree with the audit.
/// </summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> Cases => new(HostileInputCorpus.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_input_gets_its_stated_outcome(string name)
    {
        HostileCase hostile = HostileInputCorpus.Named(name);
        using var fx = new IngestFixture();
        await fx.LandAsync(hostile.LandingPath, hostile.Content());

        IReadOnlyList<IngestResult> results = await fx.Ingestor.IngestAllAsync(hostile.LandingPath);

        Assert.Equal(DatasetsFed(hostile), results.Count);
        HostileOutcome expected = hostile.Expected;
        List<string> audits = await fx.ListAsync(StoreContainers.State, "audit/");
        if (expected.Rejected)
        {
            foreach (IngestResult rejected in results)
            {
                Assert.Equal(IngestStatus.Rejected, rejected.Status);
                Assert.True(rejected.Audit!.Reason!.Contains(expected.Reason!, StringComparison.Ordinal), rejected.Audit.Reason);
            }

            Assert.Empty(await fx.ListAsync(StoreContainers.Lake));
            Assert.Empty(await fx.ListAsync(StoreContainers.Quarantine));
            // One audit record per dataset the file would have fed, written once.
            Assert.Equal(results.Select(r => $"{r.Audit!.ExtractId}.json").Order(), audits.Select(Path.GetFileName).Order());
            return;
        }

        Assert.All(results, r => Assert.True(r.Status == IngestStatus.Ingested, r.Message));
        Assert.All(results, r => Assert.Equal(r.Audit!.RowsRead, r.Audit.RowsWritten + r.Audit.RowsQuarantined));
        Assert.All(results.Where(r => r.Audit!.Mapping is not null),
            r => Assert.Equal(r.Audit!.SourceRows, r.Audit.RowsRead + r.Audit.RowsDropped!.Values.Sum()));
        Assert.Equal(results.Count, audits.Count);
        AuditRecord audit = results[0].Audit!;
        Assert.Equal((expected.Written, (long)expected.Quarantined.Count), (audit.RowsWritten, audit.RowsQuarantined));
        LedgerTotals totals = await LakeLedger.CheckAsync(fx.Store);
        Assert.Equal((results.Count, results.Sum(r => r.Audit!.RowsRead)), (totals.Extracts, totals.RowsRead));
        List<(long Row, string Column, string Reason)> quarantined = audit.QuarantinePath is null ? [] : await ReadQuarantineAsync(fx, audit.QuarantinePath);
        Assert.Equal(expected.Quarantined.Count, quarantined.Count);
        foreach (var (want, got) in expected.Quarantined.Zip(quarantined))
        {
            Assert.Equal((want.Row, want.Column), (got.Row, got.Column));
            Assert.True(got.Reason.Contains(want.Reason, StringComparison.Ordinal), got.Reason);
        }
    }

    /// <summary>Run with UPDATE_README=1 to rewrite the table in tests/README.md after changing the corpus.</summary>
    [Fact]
    public void Readme_hostile_input_table_matches_the_corpus() =>
        GeneratedDocument.AssertCurrent("tests/README.md",
            "<!-- hostile-input:begin (generated from HostileInputCorpus; UPDATE_README=1 dotnet test --filter Readme_hostile) -->",
            "<!-- hostile-input:end -->", "\n" + HostileInputCorpus.Markdown());

    /// <summary>One for a contract extract; for a mapped export, each dataset its mapping feeds.</summary>
    private static int DatasetsFed(HostileCase hostile) =>
        hostile.Path is null ? 1 : BuiltinMappings.Find(hostile.Path.Split('/')[1])!.Datasets.Count;

    private static async Task<List<(long Row, string Column, string Reason)>> ReadQuarantineAsync(IngestFixture fx, string path)
    {
        string text = await fx.ReadTextAsync(StoreContainers.Quarantine, path);
        using var csv = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = 64 * 1024 * 1024 });
        var rows = new List<(long, string, string)>();
        while (await csv.ReadAsync())
        {
            rows.Add((long.Parse(csv.GetString(1), System.Globalization.CultureInfo.InvariantCulture), csv.GetString(2), csv.GetString(3)));
        }

        return rows;
    }
}
