using System.Text;
using System.Text.Json.Nodes;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>Amazon Connect contact records through the built-in <c>amazon-connect-ctr</c> mapping: the real public
/// sample (an IVR-only record) and agent-handled records built from the documented data model.</summary>
public sealed class AmazonConnectMappingTests : IDisposable
{
    private readonly IngestFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task The_real_IVR_only_record_is_dropped_with_its_reason()
    {
        SharedDatasets.Require();
        const string path = "mapped/amazon-connect-ctr/2026-11-23/ctr-record-1.json";
        await _fx.LandAsync(path, await File.ReadAllBytesAsync(SharedDatasets.File("contact-platform-samples", "amazon-connect", "ctr-record-1.json")));

        AuditRecord audit = Assert.Single(await _fx.Ingestor.IngestAllAsync(path)).Audit!;

        Assert.Equal(IngestStatus.Ingested, audit.Status);
        Assert.Equal(1, audit.SourceRows);
        Assert.Equal(new Dictionary<string, long> { ["IVR-only contact (never queued, no agent)"] = 1 }, audit.RowsDropped);
        Assert.Equal(0, audit.RowsRead);
    }

    [Fact]
    public async Task Records_one_per_line_map_agent_handled_and_abandoned_contacts()
    {
        SharedDatasets.Require();
        string ivrOnly = JsonNode.Parse(await File.ReadAllTextAsync(SharedDatasets.File("contact-platform-samples", "amazon-connect", "ctr-record-1.json")))!.ToJsonString();
        string lines = string.Join('\n', ivrOnly, ContactRecordBuilder.AgentHandled("c-handled").ToJsonString(), ContactRecordBuilder.AbandonedInQueue("c-abandoned").ToJsonString()) + "\n";

        AuditRecord audit = await IngestAsync("records.jsonl", lines);

        Assert.Equal(3, audit.SourceRows);
        Assert.Equal(1, Assert.Single(audit.RowsDropped!).Value);
        Assert.Equal(2, audit.RowsWritten);
        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        var handled = LakeQuery.Rows(
            $"""
            select channel, direction, queue_id, agent_id, strftime(offered_at, '%H:%M:%S'), strftime(answered_at, '%H:%M:%S'),
                strftime(ended_at, '%H:%M:%S'), talk_seconds, hold_seconds, acw_seconds, outcome, customer_id is not null, source_row_number
            from read_parquet('{lake}') where contact_id = 'c-handled'
            """)[0];
        Assert.Equal(["voice", "inbound", "Billing", "agent.one", "15:20:30", "15:21:05", "15:27:40", 380, 55, 90, "answered", true, 2L], handled);
        var abandoned = LakeQuery.Rows($"select agent_id, answered_at, talk_seconds, outcome, source_row_number from read_parquet('{lake}') where contact_id = 'c-abandoned'")[0];
        Assert.Equal([null, null, 0, "abandoned", 3L], abandoned);
    }

    [Fact]
    public async Task An_array_of_records_is_read_like_records_one_per_line()
    {
        var array = new JsonArray(ContactRecordBuilder.AgentHandled("a1"), ContactRecordBuilder.AbandonedInQueue("a2"));
        JsonObject transferred = ContactRecordBuilder.AgentHandled("a3");
        transferred["TransferCompletedTimestamp"] = "2019-01-30T15:25:00Z";
        array.Add(transferred);

        AuditRecord audit = await IngestAsync("records.json", array.ToJsonString(new() { WriteIndented = true }));

        Assert.Equal(3, audit.SourceRows);
        Assert.Equal(3, audit.RowsWritten);
        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        var outcomes = LakeQuery.Rows($"select contact_id, outcome from read_parquet('{lake}') order by 1");
        Assert.Equal([["a1", "answered"], ["a2", "abandoned"], ["a3", "transferred"]], outcomes);
    }

    [Fact]
    public async Task A_file_that_is_not_JSON_is_rejected_whole_with_a_reason()
    {
        AuditRecord audit = await IngestAsync("broken.json", "{\"ContactId\": \"x\", \"Queue\": ");

        Assert.Equal(IngestStatus.Rejected, audit.Status);
        Assert.Contains("not valid JSON", audit.Reason);
        Assert.Equal("amazon-connect-ctr", audit.Mapping);
        Assert.Empty(await _fx.ListAsync(StoreContainers.Lake));
    }

    private async Task<AuditRecord> IngestAsync(string fileName, string content)
    {
        string path = $"mapped/amazon-connect-ctr/2026-11-23/{fileName}";
        await _fx.LandAsync(path, Encoding.UTF8.GetBytes(content));
        return Assert.Single(await _fx.Ingestor.IngestAllAsync(path)).Audit!;
    }
}
