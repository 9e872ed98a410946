namespace Scorecard.Pipeline.Mart;

/// <summary>
/// What a BI user needs to read the mart: every published table (schema, grain, key, Parquet path, rows) and column
/// (type, unit, description) as the SQL models' YAML describes them, and every KPI with how its value is built.
/// Written beside the exports as <c>data_dictionary.json</c> and <c>data_dictionary.html</c>.
/// </summary>
public sealed record DataDictionary(string Database, IReadOnlyList<DictionaryTable> Tables, IReadOnlyList<DictionaryKpi> Kpis)
{
    /// <summary>Published columns, as <c>schema.table.column</c>, whose YAML gives no description (should be none).</summary>
    public IEnumerable<string> Undescribed =>
        Tables.Where(t => t.Description.Length == 0).Select(t => $"{t.Schema}.{t.Name}")
            .Concat(Tables.SelectMany(t => t.Columns.Where(c => c.Description.Length == 0).Select(c => $"{t.Schema}.{t.Name}.{c.Name}")));
}
