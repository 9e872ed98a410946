namespace Scorecard.Pipeline.Mapping;

/// <summary>Source rows that are not data for a dataset (or for any): counted under <see cref="Reason"/>, never lost silently.</summary>
internal sealed record DropRule(string Reason, MappingCondition When);
