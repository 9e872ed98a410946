using System.Text;

namespace Scorecard.Pipeline.Mapping;

/// <summary><c>{ concat: [ {column: vru+line}, {constant: "-"}, {column: call_id} ] }</c>: the parts' text joined;
/// null when any part is null.</summary>
internal sealed class ConcatExpression(IReadOnlyList<MappingExpression> parts) : MappingExpression
{
    protected override MappedValue EvaluateCore(SourceRecord row)
    {
        var text = new StringBuilder();
        foreach (MappingExpression part in parts)
        {
            MappedValue value = part.Evaluate(row);
            if (value.IsNull || value.IsProblem)
            {
                return value;
            }

            text.Append(value.Format());
        }

        return new MappedValue(text.ToString());
    }

    protected override IEnumerable<string> OwnColumns() => parts.SelectMany(p => p.Columns());
}
