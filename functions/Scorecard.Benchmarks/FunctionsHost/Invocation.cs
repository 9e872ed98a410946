namespace Scorecard.Benchmarks.FunctionsHost;

/// <summary>
/// What the worker answered for one invocation: whether it succeeded (a failed one the real host retries), the
/// exception's message, the function's return value (a queue output's message as JSON) and the logs it sent for it.
/// </summary>
public sealed record Invocation(string Id, bool Succeeded, string? Error, string? ReturnValue, IReadOnlyList<string> Logs)
{
    /// <summary>The logs, one per line (<c>Level: message</c>).</summary>
    public string LogText => string.Join('\n', Logs);
}
