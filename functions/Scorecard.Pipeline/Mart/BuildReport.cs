namespace Scorecard.Pipeline.Mart;

/// <summary>What a mart build did: the models built (with row counts and durations), every data test result,
/// the tables exported as Parquet and where the mart is.</summary>
public sealed record BuildReport(
    string DatabasePath,
    IReadOnlyList<ModelRunResult> Models,
    IReadOnlyList<DataTestResult> Tests,
    IReadOnlyList<string> ExportedTables,
    TimeSpan Duration)
{
    public IReadOnlyList<DataTestResult> FailedTests => Tests.Where(t => !t.Passed).ToList();

    public int PassedTestCount => Tests.Count(t => t.Passed);

    public bool Succeeded => FailedTests.Count == 0;
}
