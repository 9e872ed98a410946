namespace Scorecard.Pipeline.Storage;

/// <summary>
/// The store did not complete an operation after every retry (an outage, a network fault, throttling). The message
/// names the operation, the blob and the store, and the last error in one line; nothing half-written is left
/// visible (every write is atomic), so running the same command again once the store answers is safe.
/// </summary>
public sealed class StoreUnavailableException(string operation, string blob, string location, int attempts, string lastError, Exception inner)
    : Exception($"Storage did not answer: {operation} '{blob}' failed after {attempts} attempt{(attempts == 1 ? "" : "s")} ({lastError}) at {location}. Nothing was half-written; run it again when the store is back.", inner)
{
    public string Operation { get; } = operation;

    public string Blob { get; } = blob;
}
