using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>The real PwC / Forage "Call Centre Trends" CSV (5,000 calls) through the built-in <c>pwc-call-centre</c> mapping.</summary>
public sealed class PwcCallCentreMappingTests : IDisposable
{
    private const string LandingPath = "mapped/pwc-call-centre/2026-11-23/call-center-dataset.csv";
    private readonly IngestFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task Every_call_of_the_real_export_is_a_contact_and_every_rating_a_survey()
    {
        SharedDatasets.Require();
        IReadOnlyList<IngestResult> results = await LandAndIngestAsync();

        Assert.All(results, r => Assert.Equal(IngestStatus.Ingested, r.Status));
        AuditRecord contacts = results.Single(r => r.Audit!.Dataset == "telephony/contacts").Audit!;
        Assert.Equal("pwc-call-centre", contacts.Mapping);
        Assert.Equal(5_000, contacts.SourceRows);
        Assert.Empty(contacts.RowsDropped!);
        Assert.Equal(5_000, contacts.RowsRead);
        Assert.Equal(contacts.RowsRead, contacts.RowsWritten + contacts.RowsQuarantined);
        Assert.Equal(0, contacts.RowsQuarantined);
        AuditRecord surveys = results.Single(r => r.Audit!.Dataset == "crm/surveys").Audit!;
        Assert.Equal(5_000, surveys.SourceRows);
        Assert.Equal(946, Assert.Single(surveys.RowsDropped!).Value);
        Assert.Equal(4_054, surveys.RowsRead);
        Assert.Equal(surveys.SourceRows, surveys.RowsRead + surveys.RowsDropped!.Values.Sum());
        Assert.Equal(4_054, surveys.RowsWritten);
        string lake = _fx.LocalPath(StoreContainers.Lake, contacts.LakePath!);
        var outcomes = LakeQuery.Rows($"select outcome, count(*), count(agent_id), count(answered_at) from read_parquet('{lake}') group by all order by 1");
        Assert.Equal(["abandoned", 946L, 0L, 0L], outcomes[0]);
        Assert.Equal(["answered", 4_054L, 4_054L, 4_054L], outcomes[1]);
        Assert.Equal(90L, LakeQuery.Scalar($"select count(distinct contact_date) from read_parquet('{lake}')"));
    }

    [Fact]
    public async Task Values_land_where_the_source_row_says()
    {
        SharedDatasets.Require();
        IReadOnlyList<IngestResult> results = await LandAndIngestAsync();

        string contacts = _fx.LocalPath(StoreContainers.Lake, results.Single(r => r.Audit!.Dataset == "telephony/contacts").Audit!.LakePath!);
        // ID0001,Diane,2021-01-01,9.12.58,Contract related,Y,Y,109,0.02.23,3 (Zurich is UTC+1 in January)
        var first = LakeQuery.Rows(
            $"""
            select agent_id, strftime(offered_at, '%Y-%m-%d %H:%M:%S'), strftime(answered_at, '%H:%M:%S'), strftime(ended_at, '%H:%M:%S'),
                talk_seconds, outcome, reason_code, queue_id, source_row_number, source_file
            from read_parquet('{contacts}') where contact_id = 'ID0001'
            """)[0];
        Assert.Equal(["Diane", "2021-01-01 08:12:58", "08:14:47", "08:17:10", 143, "answered", "Contract related", "phonenow", 1L, LandingPath], first);
        // ID0006,Stewart,2021-01-01,10.00.29,Technical Support,N,N,,,  (abandoned: no agent, no answer, ends when offered)
        var abandoned = LakeQuery.Rows(
            $"select agent_id, answered_at, strftime(ended_at, '%H:%M:%S'), talk_seconds, outcome, source_row_number from read_parquet('{contacts}') where contact_id = 'ID0006'")[0];
        Assert.Equal([null, null, "09:00:29", 0, "abandoned", 6L], abandoned);
        // ID5000 is the last row; March 31st 2021 is summer time in Zurich (UTC+2).
        string last = File.ReadLines(SharedDatasets.File("pwc-call-centre", "call-center-dataset.csv")).Last();
        Assert.StartsWith("ID5000,", last);
        var lastRow = LakeQuery.Rows($"select source_row_number, strftime(offered_at, '%Y-%m-%d %H:%M:%S') from read_parquet('{contacts}') where contact_id = 'ID5000'")[0];
        string[] fields = last.Split(',');
        var local = DateTime.ParseExact($"{fields[2]} {fields[3]}", "yyyy-MM-dd H.mm.ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(5_000L, lastRow[0]);
        Assert.Equal(local.AddHours(-2).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), lastRow[1]);
        string surveys = _fx.LocalPath(StoreContainers.Lake, results.Single(r => r.Audit!.Dataset == "crm/surveys").Audit!.LakePath!);
        Assert.Equal([3, "ID0001", 1L], LakeQuery.Rows($"select csat, contact_id, source_row_number from read_parquet('{surveys}') where survey_id = 'ID0001'")[0]);
        Assert.Equal(0L, LakeQuery.Scalar($"select count(*) from read_parquet('{surveys}') where survey_id = 'ID0006'"));
    }

    [Fact]
    public async Task Delivering_the_same_export_again_changes_nothing()
    {
        SharedDatasets.Require();
        await LandAndIngestAsync();

        IReadOnlyList<IngestResult> again = await _fx.Ingestor.IngestAllAsync(LandingPath);
        await _fx.LandAsync("mapped/pwc-call-centre/2026-11-23/resent.csv", await File.ReadAllBytesAsync(SharedDatasets.File("pwc-call-centre", "call-center-dataset.csv")));
        IReadOnlyList<IngestResult> resent = await _fx.Ingestor.IngestAllAsync("mapped/pwc-call-centre/2026-11-23/resent.csv");

        Assert.Equal(IngestStatus.AlreadyIngested, Assert.Single(again).Status);
        Assert.Equal(2, resent.Count);
        Assert.All(resent, r => Assert.Equal(IngestStatus.Unchanged, r.Status));
    }

    private async Task<IReadOnlyList<IngestResult>> LandAndIngestAsync()
    {
        await _fx.LandAsync(LandingPath, await File.ReadAllBytesAsync(SharedDatasets.File("pwc-call-centre", "call-center-dataset.csv")));
        return await _fx.Ingestor.IngestAllAsync(LandingPath);
    }
}
