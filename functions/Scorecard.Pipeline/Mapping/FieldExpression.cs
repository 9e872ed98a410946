namespace Scorecard.Pipeline.Mapping;

/// <summary><c>{ field: offered_at }</c>: a named expression from the mapping's <c>fields:</c> section.</summary>
internal sealed class FieldExpression(MappingExpression field) : MappingExpression
{
    protected override MappedValue EvaluateCore(SourceRecord row) => field.Evaluate(row);

    protected override IEnumerable<string> OwnColumns() => field.Columns();
}
