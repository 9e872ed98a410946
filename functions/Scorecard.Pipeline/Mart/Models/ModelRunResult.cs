namespace Scorecard.Pipeline.Mart;

/// <summary>One model as built: its relation, whether it is a view or a table, rows (tables only) and time taken.</summary>
public sealed record ModelRunResult(string Relation, string ModelPath, bool IsView, long? RowCount, TimeSpan Duration);
