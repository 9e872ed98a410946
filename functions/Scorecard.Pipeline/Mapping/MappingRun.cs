namespace Scorecard.Pipeline.Mapping;

/// <summary>What running a mapping over one source file produced.</summary>
public sealed record MappingRun(
    string Mapping, long RowsRead, long BlankLines, IReadOnlyList<MappedDataset> Datasets, long ProblemCount, IReadOnlyList<MappingProblem> FirstProblems);
