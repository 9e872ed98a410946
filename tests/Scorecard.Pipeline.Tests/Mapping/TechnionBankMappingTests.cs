using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>The real Technion "Anonymous Bank" February 1999 call log (33,344 calls, tab-separated) through the
/// built-in <c>technion-bank</c> mapping. Credit: Technion SEE Center, Anonymous Bank call-center data (I. Guedj, A. Mandelbaum).</summary>
public sealed class TechnionBankMappingTests(TechnionIngest ingest) : IClassFixture<TechnionIngest>
{
    private const string LandingPath = TechnionIngest.LandingPath;
    private readonly IngestFixture _fx = ingest.Fixture;

    [Fact]
    public async Task Every_call_is_dropped_with_a_reason_in_the_lake_or_in_quarantine()
    {
        SharedDatasets.Require();
        AuditRecord audit = await IngestAsync();

        Assert.Equal(IngestStatus.Ingested, audit.Status);
        Assert.Equal(33_344, audit.SourceRows);
        Assert.Equal(278, audit.RowsDropped!["PHANTOM call (a virtual call the source says to ignore)"]);
        Assert.Equal(1_941, audit.RowsDropped!["hung up in the VRU before joining a queue (never offered to an agent)"]);
        Assert.Equal(33_344 - 278 - 1_941, audit.RowsRead);
        Assert.Equal(audit.SourceRows, audit.RowsRead + audit.RowsDropped.Values.Sum());
        Assert.Equal(audit.RowsRead, audit.RowsWritten + audit.RowsQuarantined);
        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        string quarantine = _fx.LocalPath(StoreContainers.Quarantine, audit.QuarantinePath!);
        var outcomes = LakeQuery.Rows(
            $"""
            select outcome, count(*) from (
                select outcome from read_parquet('{lake}') union all select outcome from read_csv('{quarantine}', all_varchar = true))
            group by all order by 1
            """);
        // The source's own counts: AGENT 27,162; HANG 5,904 of which 1,941 never queued (dropped above).
        Assert.Equal(["abandoned", 3_963L], outcomes[0]);
        Assert.Equal(["answered", 27_162L], outcomes[1]);
        Assert.Equal(28L, LakeQuery.Scalar($"select count(distinct contact_date) from read_parquet('{lake}')"));
    }

    [Fact]
    public async Task Answered_calls_without_a_named_server_reach_the_lake_without_an_agent()
    {
        SharedDatasets.Require();
        AuditRecord audit = await IngestAsync();

        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        // AA0101 34537 on 990201 is data row 2: AGENT, served 7:31:54-7:31:59, server NO_SERVER.
        var row = LakeQuery.Rows($"select agent_id, outcome, talk_seconds from read_parquet('{lake}') where contact_id = '990201-AA0101-34537'")[0];
        Assert.Equal([null, "answered", 5], row);
        // 491 AGENT calls name no server (2% of the 27,162 answered); they count for the centre and the queue.
        Assert.Equal(491L, LakeQuery.Scalar($"select count(*) from read_parquet('{lake}') where outcome = 'answered' and agent_id is null"));
        string quarantine = await _fx.ReadTextAsync(StoreContainers.Quarantine, audit.QuarantinePath!);
        Assert.DoesNotContain(",agent_id,agent_id is empty", quarantine);
        Assert.Equal(123, audit.RowsQuarantined);
    }

    [Fact]
    public async Task Times_are_read_in_Jerusalem_and_a_service_past_midnight_ends_the_next_day()
    {
        SharedDatasets.Require();
        AuditRecord audit = await IngestAsync();

        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        // AA0101 34536 990201: vru 7:02:47-7:02:56, straight to agent DORIT 7:02:55-7:05:41 (166 s). Israel is UTC+2 in February.
        var first = LakeQuery.Rows(
            $"""
            select agent_id, queue_id, strftime(offered_at, '%Y-%m-%d %H:%M:%S'), strftime(answered_at, '%H:%M:%S'), strftime(ended_at, '%H:%M:%S'),
                talk_seconds, outcome, customer_id, source_row_number
            from read_parquet('{lake}') where contact_id = '990201-AA0101-34536'
            """)[0];
        Assert.Equal(["DORIT", "PS", "1999-02-01 05:02:55", "05:02:55", "05:05:41", 166, "answered", null, 1L], first);
        // AA0101 34539 990201: queued 8:09:22, hung up 8:09:27; identified customer 23317894 (pseudonymised).
        var hang = LakeQuery.Rows(
            $"select agent_id, answered_at, strftime(offered_at, '%H:%M:%S'), strftime(ended_at, '%H:%M:%S'), outcome, customer_id is not null from read_parquet('{lake}') where contact_id = '990201-AA0101-34539'")[0];
        Assert.Equal([null, null, "06:09:22", "06:09:27", "abandoned", true], hang);
        Assert.Equal(0L, LakeQuery.Scalar($"select count(*) from read_parquet('{lake}') where cast(customer_id as varchar) = '23317894'"));
        // AA0102 31307 990220: served 23:59:43-0:01:28 (105 s), so it ends on February 21st.
        var midnight = LakeQuery.Rows(
            $"select strftime(answered_at, '%Y-%m-%d %H:%M:%S'), strftime(ended_at, '%Y-%m-%d %H:%M:%S'), talk_seconds from read_parquet('{lake}') where contact_id = '990220-AA0102-31307'")[0];
        Assert.Equal(["1999-02-20 21:59:43", "1999-02-20 22:01:28", 105], midnight);
        Assert.Equal(0L, LakeQuery.Scalar($"select count(*) from read_parquet('{lake}') where outcome = 'answered' and epoch(ended_at - answered_at) <> talk_seconds"));
        Assert.Equal(0L, LakeQuery.Scalar($"select count(*) from read_parquet('{lake}') where ended_at < offered_at"));
    }

    private Task<AuditRecord> IngestAsync() => Task.FromResult(ingest.Audit);
}
