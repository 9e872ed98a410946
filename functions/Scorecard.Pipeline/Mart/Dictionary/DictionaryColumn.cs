namespace Scorecard.Pipeline.Mart;

/// <summary>One column of a published table: its DuckDB type, its unit (null when it has none) and its YAML description.</summary>
public sealed record DictionaryColumn(string Name, string DataType, string? Unit, string Description);
