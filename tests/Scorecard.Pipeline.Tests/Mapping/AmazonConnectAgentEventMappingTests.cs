using System.Text.Json.Nodes;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>Amazon Connect agent event stream records through the built-in <c>amazon-connect-agent-events</c> mapping:
/// the real public sample (a STATE_CHANGE with a connected voice contact) and events derived from it.</summary>
public sealed class AmazonConnectAgentEventMappingTests : IDisposable
{
    private readonly IngestFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task The_real_state_change_with_a_connected_contact_is_on_contact()
    {
        SharedDatasets.Require();
        const string path = "mapped/amazon-connect-agent-events/2026-11-23/agent-event-1.json";
        await _fx.LandAsync(path, await File.ReadAllBytesAsync(SharedDatasets.File("contact-platform-samples", "amazon-connect", "agent-event-1.json")));

        AuditRecord audit = Assert.Single(await _fx.Ingestor.IngestAllAsync(path)).Audit!;

        Assert.Equal(IngestStatus.Ingested, audit.Status);
        Assert.Equal(1, audit.RowsWritten);
        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        var row = LakeQuery.Rows($"select agent_id, strftime(changed_at, '%Y-%m-%d %H:%M:%S'), state, state_date::varchar from read_parquet('{lake}')")[0];
        Assert.Equal(["P12345678", "2019-06-24 09:03:55", "on_contact", "2019-06-24"], row);
    }

    [Fact]
    public async Task Login_status_changes_after_contact_work_and_logout_map_to_states_and_heartbeats_are_dropped()
    {
        SharedDatasets.Require();
        JsonObject sample = JsonNode.Parse(await File.ReadAllTextAsync(SharedDatasets.File("contact-platform-samples", "amazon-connect", "agent-event-1.json")))!.AsObject();
        string[] events =
        [
            Event(sample, "LOGIN", "08:58:00", "Offline", contactState: null),
            Event(sample, "STATE_CHANGE", "08:58:34", "Available", contactState: null),
            Event(sample, "STATE_CHANGE", "09:03:55", "Available", contactState: "CONNECTED"),
            Event(sample, "STATE_CHANGE", "09:09:10", "Available", contactState: "ENDED"),
            Event(sample, "HEART_BEAT", "09:10:00", "Available", contactState: "ENDED"),
            Event(sample, "STATE_CHANGE", "09:10:30", "Lunch", contactState: null),
            Event(sample, "STATE_CHANGE", "09:40:30", "Coffee", contactState: null),
            Event(sample, "LOGOUT", "17:00:00", "Offline", contactState: null),
        ];
        const string path = "mapped/amazon-connect-agent-events/2026-11-23/events.jsonl";
        await _fx.LandAsync(path, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', events) + "\n"));

        AuditRecord audit = Assert.Single(await _fx.Ingestor.IngestAllAsync(path)).Audit!;

        Assert.Equal(8, audit.SourceRows);
        Assert.Equal(1, audit.RowsDropped!["heartbeat (repeats the agent's current state)"]);
        Assert.Equal((6L, 1L), (audit.RowsWritten, audit.RowsQuarantined));
        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        var states = LakeQuery.Rows($"select strftime(changed_at, '%H:%M:%S'), state from read_parquet('{lake}') order by changed_at")
            .Select(r => $"{r[0]} {r[1]}").ToList();
        Assert.Equal(["08:58:00 offline", "08:58:34 available", "09:03:55 on_contact", "09:09:10 after_contact_work", "09:10:30 break", "17:00:00 offline"], states);
        string quarantine = await _fx.ReadTextAsync(StoreContainers.Quarantine, audit.QuarantinePath!);
        Assert.Contains("Coffee", quarantine);
    }

    /// <summary>The sample record with another event type, time (on its day), agent status and first contact's state.</summary>
    private static string Event(JsonObject sample, string type, string time, string status, string? contactState)
    {
        var record = sample.DeepClone().AsObject();
        record["EventType"] = type;
        record["EventTimestamp"] = $"2019-06-24T{time}.000Z";
        JsonObject snapshot = record["CurrentAgentSnapshot"]!.AsObject();
        snapshot["AgentStatus"]!["Name"] = status;
        if (contactState is null)
        {
            snapshot["Contacts"] = new JsonArray();
        }
        else
        {
            snapshot["Contacts"]![0]!["State"] = contactState;
        }

        return record.ToJsonString();
    }
}
