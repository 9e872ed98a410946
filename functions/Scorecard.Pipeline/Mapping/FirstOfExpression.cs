namespace Scorecard.Pipeline.Mapping;

/// <summary><c>{ first_of: [ a, b, c ] }</c>: the first part that is not null (a problem counts as not null).</summary>
internal sealed class FirstOfExpression(IReadOnlyList<MappingExpression> parts) : MappingExpression
{
    protected override MappedValue EvaluateCore(SourceRecord row)
    {
        foreach (MappingExpression part in parts)
        {
            MappedValue value = part.Evaluate(row);
            if (!value.IsNull)
            {
                return value;
            }
        }

        return MappedValue.Null;
    }

    protected override IEnumerable<string> OwnColumns() => parts.SelectMany(p => p.Columns());
}
