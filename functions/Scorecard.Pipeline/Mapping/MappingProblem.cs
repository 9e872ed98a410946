namespace Scorecard.Pipeline.Mapping;

/// <summary>A value the mapping could not convert: the source row, the target column and why.</summary>
public sealed record MappingProblem(long Row, string Dataset, string Column, string Message);
