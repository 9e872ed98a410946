namespace Scorecard.SampleData;

/// <summary>One extract file written to the store: where it went, which dataset and day, and its data rows (header excluded).</summary>
public sealed record GeneratedFile(string Container, string Path, string Dataset, DateOnly Date, long Rows);
