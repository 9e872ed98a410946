using Xunit.Abstractions;

namespace Scorecard.Pipeline.Tests;

/// <summary>
/// Whether tests that need Azurite can run: <c>SCORECARD_TEST_AZURITE</c> holds its connection string
/// (<c>./test.sh</c> starts Azurite and sets it). Without it those tests are skipped, except under <c>CI=true</c>,
/// where they run and fail so a pipeline without Azurite cannot pass quietly.
/// </summary>
internal static class AzuriteEnvironment
{
    public const string ConnectionStringVariable = "SCORECARD_TEST_AZURITE";

    public static string? ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why Azurite tests are skipped, or null when they should run.</summary>
    public static string? SkipReason => ConnectionString is null && !IsCi
        ? $"Azurite is not configured: set {ConnectionStringVariable} to an Azurite connection string, or run ./test.sh, which starts Azurite. (With CI=true these tests fail instead of skipping.)"
        : null;

    /// <summary>The skip reason for a test method whose concrete class is marked <see cref="RequiresAzuriteAttribute"/>.</summary>
    public static string? SkipReasonFor(ITestMethod testMethod)
    {
        var marker = typeof(RequiresAzuriteAttribute).AssemblyQualifiedName!;
        return testMethod.TestClass.Class.GetCustomAttributes(marker).Any() ? SkipReason : null;
    }

    public static string RequireConnectionString() => ConnectionString
        ?? throw new InvalidOperationException(
            $"{ConnectionStringVariable} is not set and CI=true, so Azurite tests fail instead of skipping. Run ./test.sh, which starts Azurite.");
}
