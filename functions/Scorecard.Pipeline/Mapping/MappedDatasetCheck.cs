namespace Scorecard.Pipeline.Mapping;

/// <summary>What ingesting a mapped file would do to one dataset: rows mapped, rows left out by reason, rows the
/// contract would accept and quarantine, and the first quarantine reasons with source row and column.</summary>
public sealed record MappedDatasetCheck(
    string Dataset, long RowsMapped, IReadOnlyDictionary<string, long> Dropped, long RowsValid, long RowsQuarantined,
    IReadOnlyList<MappingProblem> FirstQuarantined);
