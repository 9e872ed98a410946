namespace Scorecard.Pipeline.Tests;

/// <summary>A fact that needs Azurite: skipped with a clear reason when it is not configured, unless <c>CI=true</c>.</summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        Skip = AzuriteEnvironment.SkipReason;
    }
}
