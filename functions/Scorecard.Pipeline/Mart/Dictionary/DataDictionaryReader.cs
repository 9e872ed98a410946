using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds the <see cref="DataDictionary"/> of a built mart: the tables and column types from the database itself (so it
/// lists exactly what is published), their descriptions from the models' YAML under the SQL root, the KPIs from the
/// registry.
/// </summary>
public static partial class DataDictionaryReader
{
    public static DataDictionary Read(string martDirectory, string sqlRoot, KpiRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        // Each published table is a model sql/<schema>/<table>.sql with its YAML beside it.
        var yamlFiles = new[] { ModelCatalog.MartsSchema, ModelCatalog.ScorecardSchema }
            .Where(schema => Directory.Exists(Path.Combine(sqlRoot, schema)))
            .SelectMany(schema => Directory.EnumerateFiles(Path.Combine(sqlRoot, schema), "*.yml", SearchOption.AllDirectories)
                .Select(file => (Relation: $"{schema}.{Path.GetFileNameWithoutExtension(file)}", File: file)))
            .ToDictionary(f => f.Relation, f => f.File, StringComparer.Ordinal);
        using DuckDBConnection connection = MartConnection.OpenReadOnly(martDirectory);
        var columns = Rows(connection,
            "select table_schema, table_name, column_name, data_type from information_schema.columns " +
            $"where table_catalog = '{MartConnection.CatalogName}' and table_schema in ('{ModelCatalog.MartsSchema}', '{ModelCatalog.ScorecardSchema}') " +
            "order by table_schema, table_name, ordinal_position");
        var tables = new List<DictionaryTable>();
        // Row counts as the build recorded them per published partition: counting a table split into Parquet would
        // need all its files, which a reader of blob storage does not download for the dictionary.
        bool published = connection.Scalar<long>(
            $"select count(*) from duckdb_tables() where database_name = '{MartConnection.CatalogName}' and schema_name = '{IncrementalPlanner.MetaSchema}' and table_name = 'published_partitions'") > 0;
        // Which tables are split into partition folders (their YAML's publish_partition_by); no lake is read.
        var partitions = ModelCatalog.Discover(sqlRoot, MartBuilder.CreateTemplate(Path.Combine(martDirectory, "no-lake"), registry))
            .ToDictionary(m => m.Relation, m => m.PublishPartition, StringComparer.Ordinal);
        foreach (var table in columns.GroupBy(c => (Schema: c[0], Name: c[1])))
        {
            string relation = $"{table.Key.Schema}.{table.Key.Name}";
            YamlDescription yaml = yamlFiles.TryGetValue(relation, out string? yamlFile) ? ReadYaml(yamlFile) : YamlDescription.Empty;
            long rows = RowCount(connection, relation, published);
            tables.Add(new DictionaryTable(
                table.Key.Schema, table.Key.Name, yaml.Description, Grain(yaml.Description), yaml.Key,
                partitions.GetValueOrDefault(relation) is { } partition ? $"{table.Key.Name}/{partition.Key}=*/data.parquet" : $"{table.Key.Name}/data.parquet", rows,
                table.Select(c => new DictionaryColumn(c[2], c[3], yaml.Units.GetValueOrDefault(c[2]) ?? UnitOf(c[2], c[3]), yaml.Columns.GetValueOrDefault(c[2]) ?? "")).ToList()));
        }

        var kpis = registry.Kpis.Select(k =>
        {
            KpiSource source = registry.SourceOf(k);
            string scale = k.Scale == 1 ? "" : $" x {k.Scale.ToString(CultureInfo.InvariantCulture)}";
            string formula = k.Denominator is null
                ? $"value = {k.Numerator}, over the rows of {source.Relation} whose {source.DateColumn} falls in the period and whose member column is the member"
                : $"value = ({k.Numerator}) / ({k.Denominator}){scale}, both over the rows of {source.Relation} whose {source.DateColumn} falls in the period and whose member column is the member; a quotient of sums at every grain, never an average of ratios";
            return new DictionaryKpi(k.Id, k.Label, k.Perspective, k.Definition, k.Type, source.Relation, source.DateColumn, k.Numerator, k.Denominator, k.Scale, k.Unit, formula);
        }).ToList();
        return new DataDictionary(MartBuilder.DatabaseFileName, tables, kpis);
    }

    private static long RowCount(DuckDBConnection connection, string relation, bool published)
    {
        if (published)
        {
            long recorded = connection.Scalar<long>(
                $"select coalesce(sum(row_count), -1)::bigint from {MartConnection.CatalogName}.{MartParquetWriter.PartitionsTable} where table_name = {SqlText.Literal(relation)}");
            if (recorded >= 0)
            {
                return recorded;
            }
        }

        return connection.Scalar<long>($"select count(*) from {relation}");
    }

    /// <summary>The unit a column's name or type implies (the conventions' suffixes), or null.</summary>
    public static string? UnitOf(string column, string dataType) => column switch
    {
        _ when column.EndsWith("_seconds", StringComparison.Ordinal) => "seconds",
        _ when column.EndsWith("_hours", StringComparison.Ordinal) => "hours",
        _ when column.EndsWith("_days", StringComparison.Ordinal) => "days",
        _ when column.EndsWith("_count", StringComparison.Ordinal) || column.EndsWith("_headcount", StringComparison.Ordinal) => "count",
        "amount" or "revenue_amount" or "paid_cost" => "currency (the mart's, see scorecard.dim_kpi.currency)",
        "hourly_cost" => "currency per hour",
        _ when dataType == "BOOLEAN" => "true/false",
        _ when dataType == "DATE" => "date",
        _ when dataType.StartsWith("TIMESTAMP", StringComparison.Ordinal) => "UTC timestamp",
        _ => null,
    };

    private static string? Grain(string description)
    {
        int at = description.LastIndexOf("One row per", StringComparison.Ordinal);
        return at < 0 ? null : description[at..].Trim();
    }

    private sealed record YamlDescription(string Description, IReadOnlyList<string> Key, IReadOnlyDictionary<string, string> Columns, IReadOnlyDictionary<string, string> Units)
    {
        public static YamlDescription Empty { get; } = new("", [], new Dictionary<string, string>(), new Dictionary<string, string>());
    }

    private static YamlDescription ReadYaml(string path)
    {
        if (!File.Exists(path))
        {
            return YamlDescription.Empty;
        }

        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return YamlDescription.Empty;
        }

        var yaml = new YamlNodeReader(path, "model", root);
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = new List<string>();
        foreach (YamlNode node in yaml.OptionalSequence("columns"))
        {
            YamlNodeReader column = yaml.Child(node, "column");
            string name = column.Text("name");
            columns[name] = Spaces().Replace(column.OptionalText("description") ?? "", " ");
            if (column.OptionalText("unit") is { } unit)
            {
                units[name] = unit;
            }

            if (column.OptionalSequence("tests").Any(t => t is YamlScalarNode { Value: "unique" }) && key.Count == 0)
            {
                key.Add(name);
            }
        }

        foreach (YamlNode test in yaml.OptionalSequence("tests"))
        {
            if (test is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("unique_combination_of_columns"), out YamlNode? args)
                && args is YamlMappingNode argsMapping)
            {
                key = new YamlNodeReader(path, "unique_combination_of_columns", argsMapping).TextList("columns").ToList();
            }
        }

        return new YamlDescription(Spaces().Replace(yaml.OptionalText("description") ?? "", " "), key, columns, units);
    }

    private static List<string[]> Rows(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToArray());
        }

        return rows;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
