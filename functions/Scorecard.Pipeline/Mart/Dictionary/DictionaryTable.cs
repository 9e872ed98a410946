namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One published table: <paramref name="Grain"/> is the "One row per ..." sentence of its description,
/// <paramref name="Key"/> the columns that identify a row (from its unique tests), <paramref name="ParquetPath"/> its
/// file in the <c>mart</c> container.
/// </summary>
public sealed record DictionaryTable(
    string Schema,
    string Name,
    string Description,
    string? Grain,
    IReadOnlyList<string> Key,
    string ParquetPath,
    long RowCount,
    IReadOnlyList<DictionaryColumn> Columns);
