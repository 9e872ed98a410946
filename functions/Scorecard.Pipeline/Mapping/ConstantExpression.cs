namespace Scorecard.Pipeline.Mapping;

/// <summary><c>{ constant: voice }</c>: the same text on every row.</summary>
internal sealed class ConstantExpression(string text) : MappingExpression
{
    protected override MappedValue EvaluateCore(SourceRecord row) => new(text);

    protected override IEnumerable<string> OwnColumns() => [];
}
