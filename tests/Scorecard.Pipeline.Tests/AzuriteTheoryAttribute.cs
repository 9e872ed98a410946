namespace Scorecard.Pipeline.Tests;

/// <summary>A theory that needs Azurite: skipped with a clear reason when it is not configured, unless <c>CI=true</c>.</summary>
public sealed class AzuriteTheoryAttribute : TheoryAttribute
{
    public AzuriteTheoryAttribute()
    {
        Skip = AzuriteEnvironment.SkipReason;
    }
}
