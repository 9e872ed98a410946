using System.Globalization;

namespace Scorecard.Pipeline.Mapping;

/// <summary><c>{ plus_seconds: [ {field: offered_at}, {column: Speed of answer in seconds} ] }</c>: a timestamp plus
/// whole seconds (a duration, or text that is a whole number). Null when any part is null.</summary>
internal sealed class PlusSecondsExpression(IReadOnlyList<MappingExpression> parts) : MappingExpression
{
    protected override MappedValue EvaluateCore(SourceRecord row)
    {
        MappedValue start = parts[0].Evaluate(row);
        if (start.IsNull || start.IsProblem)
        {
            return start;
        }

        if (start.Value is not DateTimeOffset at)
        {
            return MappedValue.Bad(start.Format(), $"'{start.Format()}' is not a timestamp (plus_seconds starts from one)");
        }

        foreach (MappingExpression part in parts.Skip(1))
        {
            MappedValue add = part.Evaluate(row);
            if (add.IsNull || add.IsProblem)
            {
                return add;
            }

            long? seconds = add.Value switch
            {
                long n => n,
                string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) => n,
                _ => null,
            };
            if (seconds is not { } value)
            {
                return MappedValue.Bad(add.Format(), $"'{add.Format()}' is not a whole number of seconds");
            }

            at = at.AddSeconds(value);
        }

        return new MappedValue(at);
    }

    protected override IEnumerable<string> OwnColumns() => parts.SelectMany(p => p.Columns());
}
