namespace Scorecard.Pipeline.Storage;

/// <summary>Another process holds a store lock (for example a mart build already running).</summary>
public sealed class StoreLockedException(string name, string location, TimeSpan waited, Exception? inner = null)
    : Exception($"Lock '{name}' on {location} is held by another process (waited {waited.TotalSeconds:0} s). " +
        (name.StartsWith("ingest-", StringComparison.Ordinal)
            ? "Another ingest of the same dataset and date is probably publishing; try again when it has finished."
            : "Another build is probably running; try again when it has finished."), inner)
{
    public string LockName { get; } = name;
}
