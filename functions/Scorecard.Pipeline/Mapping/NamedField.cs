namespace Scorecard.Pipeline.Mapping;

/// <summary>An expression defined under <c>fields:</c>: evaluated once per record (a field such as offered_at feeds
/// several columns and other fields).</summary>
internal sealed class NamedField(MappingExpression definition) : MappingExpression
{
    protected override MappedValue EvaluateCore(SourceRecord row) => row.Field(definition);

    protected override IEnumerable<string> OwnColumns() => definition.Columns();
}
