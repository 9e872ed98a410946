using System.Diagnostics;

namespace Scorecard.Pipeline.Tests;

/// <summary>
/// Whether tests that need Azurite can run: <c>SCORECARD_TEST_AZURITE</c> holds its connection string
/// (<c>./test.sh</c> starts Azurite and sets it). A test asks for it with <see cref="RequireConnectionString"/>:
/// without it the test is skipped at run time with the reason, except under <c>CI=true</c>, where it fails so a
/// pipeline without Azurite cannot pass quietly.
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

    /// <summary>The Azurite connection string; skips the running test when there is none (fails it under CI).</summary>
    public static string RequireConnectionString()
    {
        if (ConnectionString is { } connectionString)
        {
            return connectionString;
        }

        if (IsCi)
        {
            throw new InvalidOperationException(
                $"{ConnectionStringVariable} is not set and CI=true, so Azurite tests fail instead of skipping. Run ./test.sh, which starts Azurite.");
        }

        Assert.Skip($"Azurite is not configured: set {ConnectionStringVariable} to an Azurite connection string, or run ./test.sh, which starts Azurite. (With CI=true these tests fail instead of skipping.)");
        throw new UnreachableException();
    }
}
