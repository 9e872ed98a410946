namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The outcome of one data test: how many rows break it, up to five of them (as <c>column=value</c> text), or the
/// DuckDB error when the test query itself failed.
/// </summary>
public sealed record DataTestResult(string Name, bool Passed, long FailingRowCount, IReadOnlyList<string> SampleRows, string? Error, TimeSpan Duration)
{
    /// <summary>The failure as one readable message: the test name, the count and the sample rows.</summary>
    public string Describe() =>
        Passed ? $"{Name}: passed"
        : Error is not null ? $"{Name}: the test query failed: {Error}"
        : $"{Name}: {FailingRowCount} offending row(s), e.g.\n  " + string.Join("\n  ", SampleRows);
}
