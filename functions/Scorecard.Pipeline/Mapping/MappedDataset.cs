using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mapping;

/// <summary>One dataset a mapping run wrote as a contract-shaped CSV file: rows mapped, and source rows left out of
/// this dataset by reason; <see cref="Problems"/> values it could not convert. For every dataset: source rows = <see cref="RowsMapped"/> + sum of <see cref="Dropped"/>.</summary>
public sealed record MappedDataset(DatasetContract Contract, string File, long RowsMapped, IReadOnlyDictionary<string, long> Dropped, long Problems);
