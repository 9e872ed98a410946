namespace Scorecard.Functions;

/// <summary>
/// Whether the app may ingest with its pseudonymisation key: decided once at start-up from the key and whether the
/// app runs in Azure (<see cref="AzureInstanceVariable"/> set), where the development key is refused.
/// </summary>
internal sealed class PseudonymKeyCheck(string? problem)
{
    /// <summary>Set by the Azure Functions platform on every instance; never set by a local run.</summary>
    public const string AzureInstanceVariable = "WEBSITE_INSTANCE_ID";

    /// <summary>Why ingest is refused, or null when it may run.</summary>
    public string? Problem { get; } = problem;

    public void ThrowIfRefused()
    {
        if (Problem is not null)
        {
            throw new InvalidOperationException(Problem);
        }
    }
}
