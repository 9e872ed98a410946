using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mapping;

/// <summary>One dataset a mapping feeds: the contract, rows skipped for this dataset only, and its columns.</summary>
internal sealed record MappingOutput(DatasetContract Contract, IReadOnlyList<DropRule> Skip, IReadOnlyList<MappedColumn> Columns);
