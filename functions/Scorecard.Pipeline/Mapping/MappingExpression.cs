namespace Scorecard.Pipeline.Mapping;

/// <summary>How one target value is made from a source record. Every kind takes <c>when:</c> (the value is null
/// unless the condition holds) and <c>default:</c> (the text used when the value is null).</summary>
internal abstract class MappingExpression
{
    public MappingCondition? When { get; init; }

    public string? Default { get; init; }

    public MappedValue Evaluate(SourceRecord row)
    {
        MappedValue value = When is null || When.Holds(row) ? EvaluateCore(row) : MappedValue.Null;
        return value.IsNull && Default is not null ? new MappedValue(Default) : value;
    }

    /// <summary>Source columns this expression reads (for checking a file's header before reading it).</summary>
    public IEnumerable<string> Columns() => OwnColumns().Concat(When?.Columns() ?? []);

    protected abstract MappedValue EvaluateCore(SourceRecord row);

    protected abstract IEnumerable<string> OwnColumns();
}
