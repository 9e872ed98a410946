namespace Scorecard.Pipeline.Mapping;

/// <summary><c>{ column: Answered (Y/N), values: { Y: answered, N: abandoned } }</c>: a source value, optionally
/// translated. A value missing from <c>values</c> passes through unchanged (the contract then judges it).</summary>
internal sealed class ColumnExpression(string column, IReadOnlyDictionary<string, string>? values) : MappingExpression
{
    protected override MappedValue EvaluateCore(SourceRecord row)
    {
        string? value = row.Get(column);
        if (value is null)
        {
            return MappedValue.Null;
        }

        return new MappedValue(values is not null && values.TryGetValue(value, out string? mapped) ? mapped : value);
    }

    protected override IEnumerable<string> OwnColumns() => [column];
}
