using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Reads the data tests of a SQL root: the tests in each model's YAML (<c>unique</c>, <c>not_null</c>,
/// <c>relationships</c>, <c>accepted_values</c> on columns; <c>unique_combination_of_columns</c> and
/// <c>expression_is_true</c> on the model) compiled to queries returning offending rows, and every
/// <c>sql/tests/assert_*.sql</c> as written.
/// </summary>
internal static class DataTestCatalog
{
    public const string TestsFolder = "tests";

    /// <summary>A singular test's line saying a build checks its rule with a built-in check (and does not run it).</summary>
    public const string ReplacedDirective = "-- in builds: replaced by ";

    /// <summary>All data tests under <paramref name="sqlRoot"/>, model tests first in layer order, then assertions.</summary>
    public static IReadOnlyList<DataTest> Discover(string sqlRoot, ModelTemplate? template = null)
    {
        template ??= ModelTemplate.None;
        var tests = new List<DataTest>();
        foreach (SqlModel model in ModelCatalog.Discover(sqlRoot, template))
        {
            string yamlPath = Path.ChangeExtension(model.FilePath, ".yml");
            if (File.Exists(yamlPath))
            {
                tests.AddRange(ModelTests(model, yamlPath, Path.ChangeExtension(model.DisplayPath, ".yml")));
            }
        }

        string folder = Path.Combine(sqlRoot, TestsFolder);
        if (Directory.Exists(folder))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.sql").Order(StringComparer.Ordinal))
            {
                string display = Path.GetRelativePath(sqlRoot, file).Replace('\\', '/');
                string text = File.ReadAllText(file);
                string sql = template.Expand(text, display).Trim().TrimEnd(';');
                string whole = template.Whole.Expand(text, display).Trim().TrimEnd(';');
                tests.Add(new DataTest(Path.GetFileNameWithoutExtension(file), sql, display)
                {
                    ReplacedInBuilds = text.Split('\n').Any(l => l.StartsWith(ReplacedDirective, StringComparison.Ordinal)),
                    WholeSql = whole == sql ? null : whole,
                });
            }
        }

        return tests;
    }

    private static IEnumerable<DataTest> ModelTests(SqlModel model, string yamlPath, string display)
    {
        YamlNodeReader root = ReadYaml(yamlPath, display, model.Relation);
        string relation = model.Relation;
        foreach (YamlNode columnNode in root.OptionalSequence("columns"))
        {
            YamlNodeReader column = root.Child(columnNode, "column");
            string name = column.Text("name");
            column = column.Named($"column '{name}'");
            foreach (YamlNode testNode in column.OptionalSequence("tests"))
            {
                yield return ColumnTest(relation, name, testNode, column, display);
            }
        }

        foreach (YamlNode testNode in root.OptionalSequence("tests"))
        {
            yield return ModelTest(relation, testNode, root, display);
        }
    }

    private static YamlNodeReader ReadYaml(string path, string display, string relation)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new MartDefinitionException($"{display}: not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
            ? new YamlNodeReader(display, relation, mapping)
            : throw new MartDefinitionException($"{display}: expected a mapping with name, description, columns and tests.");
    }

    private static DataTest ColumnTest(string relation, string column, YamlNode node, YamlNodeReader reader, string display)
    {
        (string kind, YamlNodeReader? args) = Kind(node, reader);
        string prefix = $"{relation}.{column}";
        switch (kind)
        {
            case "unique":
                return Test($"{prefix} unique", relation, DataTestKind.Unique, rows =>
                    $"select {column}, count(*) as row_count from {rows} where {column} is not null group by {column} having count(*) > 1",
                    display) with { Columns = [column] };
            case "not_null":
                return RowRule($"{prefix} not_null", relation, $"{column} is null", display) with { Columns = [column], IsNotNull = true };
            case "relationships":
                string to = args!.Text("to");
                string field = args.Text("field");
                return Test($"{prefix} relationships {to}.{field}", relation, DataTestKind.Relationships, rows =>
                    $"select * from {rows} as child where child.{column} is not null "
                    + $"and not exists (select 1 from {to} as parent where parent.{field} = child.{column})",
                    display) with { Columns = [column], Parent = (to, field) };
            case "accepted_values":
                var values = args!.TextList("values").Select(SqlText.Literal).ToList();
                return RowRule($"{prefix} accepted_values", relation, $"{column} is not null and cast({column} as varchar) not in ({string.Join(", ", values)})", display);
            default:
                throw reader.Error("tests", $"unknown column test '{kind}' (unique, not_null, relationships, accepted_values)");
        }
    }

    /// <summary>A YAML test of <paramref name="relation"/>: its query over the whole table, and over any rows of it.</summary>
    private static DataTest Test(string name, string relation, DataTestKind kind, Func<string, string> over, string display) =>
        new(name, over(relation), display) { Kind = kind, Relation = relation, Over = over };

    /// <summary>A test of each row of <paramref name="relation"/> on its own: the rows meeting <paramref name="condition"/> offend.</summary>
    private static DataTest RowRule(string name, string relation, string condition, string display) =>
        Test(name, relation, DataTestKind.RowRule, rows => $"select * from {rows} where {condition}", display) with { Condition = condition, Rows = relation };

    private static DataTest ModelTest(string relation, YamlNode node, YamlNodeReader reader, string display)
    {
        (string kind, YamlNodeReader? args) = Kind(node, reader);
        switch (kind)
        {
            case "unique_combination_of_columns":
                IReadOnlyList<string> list = args!.TextList("columns");
                string columns = string.Join(", ", list);
                return Test($"{relation} unique ({columns})", relation, DataTestKind.Unique, rows =>
                    $"select {columns}, count(*) as row_count from {rows} group by {columns} having count(*) > 1",
                    display) with { Columns = list };
            case "expression_is_true":
                string name = args!.Text("name");
                string expression = args.Text("expression");
                return RowRule($"{relation} {name}", relation, $"not ({expression})", display);
            default:
                throw reader.Error("tests", $"unknown model test '{kind}' (unique_combination_of_columns, expression_is_true)");
        }
    }

    private static (string Kind, YamlNodeReader? Args) Kind(YamlNode node, YamlNodeReader reader) => node switch
    {
        YamlScalarNode { Value: { } kind } => (kind, null),
        YamlMappingNode { Children.Count: 1 } mapping => (
            ((YamlScalarNode)mapping.Children.Keys.Single()).Value!,
            reader.Child(mapping.Children.Values.Single(), $"{((YamlScalarNode)mapping.Children.Keys.Single()).Value} test")),
        _ => throw reader.Error("tests", "each test is a name or a mapping with one key"),
    };
}
