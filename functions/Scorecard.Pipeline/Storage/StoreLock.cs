using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Storage;

/// <summary>Shared rules for store lock names and the wait loop both stores use.</summary>
internal static partial class StoreLock
{
    public static void ValidateName(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Lock name '{name}' must be 1-64 lowercase letters, digits or '-'.", nameof(name));
        }
    }

    /// <summary>Calls <paramref name="tryAcquire"/> until it returns a lock or <paramref name="wait"/> runs out.</summary>
    public static async Task<IAsyncDisposable> WaitAsync(
        string name, string location, TimeSpan wait, Func<Task<IAsyncDisposable?>> tryAcquire, CancellationToken cancellationToken)
    {
        ValidateName(name);
        DateTime deadline = DateTime.UtcNow + wait;
        while (true)
        {
            if (await tryAcquire() is { } acquired)
            {
                return acquired;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new StoreLockedException(name, location, wait);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex NamePattern();
}
