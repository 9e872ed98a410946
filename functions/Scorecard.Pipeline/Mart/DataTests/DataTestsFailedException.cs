namespace Scorecard.Pipeline.Mart;

/// <summary>Data tests failed, so the build did not replace the mart. The message names each failed test with sample rows.</summary>
public sealed class DataTestsFailedException(BuildReport report)
    : Exception($"{report.FailedTests.Count} data test(s) failed; the mart was not replaced:\n"
        + string.Join("\n", report.FailedTests.Select(t => t.Describe())))
{
    public BuildReport Report { get; } = report;
}
