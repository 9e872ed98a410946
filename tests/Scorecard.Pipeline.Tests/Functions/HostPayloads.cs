using System.Text;
using System.Text.Json;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// The request bodies the Functions host sends a custom handler, shaped as its code writes them: strings, numbers
/// and dates JSON-encoded a second time (<c>"\"1\""</c>), objects as objects.
/// </summary>
public static class HostPayloads
{
    /// <summary>A queue trigger invocation carrying <paramref name="message"/> in the binding <paramref name="bindingName"/>.</summary>
    public static object QueueTrigger(string bindingName, string message, DateTimeOffset insertionTime, int dequeueCount = 1) => new Dictionary<string, object>
    {
        ["Data"] = new Dictionary<string, object> { [bindingName] = Twice(message) },
        ["Metadata"] = new Dictionary<string, object>
        {
            ["DequeueCount"] = Twice(dequeueCount),
            ["ExpirationTime"] = Twice(insertionTime.AddDays(7)),
            ["Id"] = Twice(Guid.NewGuid().ToString()),
            ["InsertionTime"] = Twice(insertionTime),
            ["NextVisibleTime"] = Twice(DateTimeOffset.UtcNow.AddMinutes(1)),
            ["PopReceipt"] = Twice("AgAAAAMAAAAAAAAA"),
            ["sys"] = Sys("QueueTrigger"),
        },
    };

    /// <summary>An HTTP trigger invocation (no request forwarding): the request as the <c>req</c> object.</summary>
    public static object HttpTrigger(string method, IReadOnlyDictionary<string, string>? query = null, string accept = "application/json") => new Dictionary<string, object>
    {
        ["Data"] = new Dictionary<string, object>
        {
            ["req"] = new Dictionary<string, object>
            {
                ["Url"] = "http://localhost:7071/api/x",
                ["Method"] = method,
                ["Query"] = query ?? new Dictionary<string, string>(),
                ["Headers"] = new Dictionary<string, string[]> { ["Accept"] = [accept] },
                ["Params"] = new Dictionary<string, string>(),
                ["Body"] = "",
            },
        },
        ["Metadata"] = new Dictionary<string, object> { ["sys"] = Sys("HttpTrigger") },
    };

    /// <summary>A timer trigger invocation.</summary>
    public static object TimerTrigger() => new Dictionary<string, object>
    {
        ["Data"] = new Dictionary<string, object>
        {
            ["timer"] = new Dictionary<string, object> { ["Schedule"] = new Dictionary<string, object> { ["AdjustForDST"] = true }, ["IsPastDue"] = false },
        },
        ["Metadata"] = new Dictionary<string, object> { ["sys"] = Sys("TimerTrigger") },
    };

    /// <summary>An Event Grid <c>Microsoft.Storage.BlobCreated</c> event (Event Grid schema) as a storage queue message.</summary>
    public static string BlobCreatedEvent(Uri blobUrl, long contentLength)
    {
        string blobPath = string.Join('/', blobUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(2));
        return JsonSerializer.Serialize(new
        {
            topic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
            subject = $"/blobServices/default/containers/{blobUrl.AbsolutePath.Split('/')[2]}/blobs/{blobPath}",
            eventType = "Microsoft.Storage.BlobCreated",
            id = Guid.NewGuid().ToString(),
            data = new
            {
                api = "PutBlockList",
                clientRequestId = Guid.NewGuid().ToString(),
                requestId = Guid.NewGuid().ToString(),
                eTag = "0x8DCFFFFFFFFFFFF",
                contentType = "text/csv",
                contentLength,
                blobType = "BlockBlob",
                url = blobUrl.AbsoluteUri,
                sequencer = "00000000000000000000000000000001",
                storageDiagnostics = new { batchId = Guid.NewGuid().ToString() },
            },
            dataVersion = "",
            metadataVersion = "1",
            eventTime = DateTimeOffset.UtcNow,
        });
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Twice(object value) => JsonSerializer.Serialize(value);

    private static object Sys(string methodName) => new Dictionary<string, object>
    {
        ["MethodName"] = methodName,
        ["UtcNow"] = Twice(DateTimeOffset.UtcNow),
        ["RandGuid"] = Twice(Guid.NewGuid().ToString()),
    };
}
