using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mapping;

/// <summary>One contract column and the expression that fills it.</summary>
internal sealed record MappedColumn(ColumnContract Column, MappingExpression Value);
