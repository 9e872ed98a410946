using System.Text.Json.Serialization;

namespace Scorecard.Functions;

/// <summary>
/// What the handler answers the host with, always whole (an empty body hangs the invocation until its timeout).
/// <see cref="Outputs"/> keys are output binding names, exactly; <see cref="Logs"/> become the invocation's log lines.
/// </summary>
internal sealed record InvokeResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] List<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue = null)
{
    public static InvokeResponse Empty(List<string> logs) => new([], logs);

    /// <summary>An HTTP-triggered function's answer: the <c>res</c> output binding holds status, body and headers.</summary>
    public static InvokeResponse Http(int statusCode, string jsonBody, List<string> logs) =>
        Http(statusCode, jsonBody, new Dictionary<string, string> { ["Content-Type"] = "application/json; charset=utf-8" }, logs);

    /// <summary>An HTTP-triggered function's answer with its own headers (Content-Type among them).</summary>
    public static InvokeResponse Http(int statusCode, string body, Dictionary<string, string> headers, List<string> logs) => new(
        new Dictionary<string, object?>
        {
            ["res"] = new Dictionary<string, object?>
            {
                ["statusCode"] = statusCode,
                ["body"] = body,
                ["headers"] = headers,
            },
        },
        logs);
}
