using System.Text.Json.Nodes;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>Amazon Connect contact records (format 2017-03-10) built from the documented data model, for tests: the
/// public sample holds only an IVR-only record, so agent-handled and queue-abandoned ones are made here.</summary>
internal static class ContactRecordBuilder
{
    public static JsonObject AgentHandled(string contactId) => new()
    {
        ["AWSContactTraceRecordFormatVersion"] = "2017-03-10",
        ["ContactId"] = contactId,
        ["Channel"] = "VOICE",
        ["InitiationMethod"] = "INBOUND",
        ["InitiationTimestamp"] = "2019-01-30T15:20:00Z",
        ["ConnectedToSystemTimestamp"] = "2019-01-30T15:20:01Z",
        ["DisconnectTimestamp"] = "2019-01-30T15:27:40Z",
        ["TransferCompletedTimestamp"] = null,
        ["CustomerEndpoint"] = new JsonObject { ["Address"] = "+4400000001", ["Type"] = "TELEPHONE_NUMBER" },
        ["Queue"] = new JsonObject
        {
            ["ARN"] = "arn:aws:connect:eu-central-1:000000000000:instance/test/queue/billing",
            ["Name"] = "Billing",
            ["EnqueueTimestamp"] = "2019-01-30T15:20:30Z",
            ["DequeueTimestamp"] = "2019-01-30T15:21:05Z",
            ["Duration"] = 35,
        },
        ["Agent"] = new JsonObject
        {
            ["ARN"] = "arn:aws:connect:eu-central-1:000000000000:instance/test/agent/a1",
            ["Username"] = "agent.one",
            ["ConnectedToAgentTimestamp"] = "2019-01-30T15:21:05Z",
            ["AgentInteractionDuration"] = 380,
            ["CustomerHoldDuration"] = 55,
            ["AfterContactWorkStartTimestamp"] = "2019-01-30T15:27:40Z",
            ["AfterContactWorkEndTimestamp"] = "2019-01-30T15:29:10Z",
            ["AfterContactWorkDuration"] = 90,
            ["NumberOfHolds"] = 1,
            ["LongestHoldDuration"] = 55,
        },
        ["Attributes"] = new JsonObject(),
    };

    /// <summary>Queued, then the caller hung up before an agent answered: Agent is null.</summary>
    public static JsonObject AbandonedInQueue(string contactId)
    {
        JsonObject record = AgentHandled(contactId);
        record["Agent"] = null;
        record["DisconnectTimestamp"] = "2019-01-30T15:22:00Z";
        record["Queue"]!["DequeueTimestamp"] = "2019-01-30T15:22:00Z";
        record["Queue"]!["Duration"] = 90;
        return record;
    }
}
