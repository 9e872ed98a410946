using System.Text.RegularExpressions;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Keeps sql/ to CONVENTIONS.md: names match layers, every model has its YAML, only staging reads the lake,
/// every model ends in <c>select * from &lt;cte&gt;</c>, layers read only upstream layers.</summary>
public sealed partial class SqlConventionTests
{
    private static readonly IReadOnlyList<SqlModel> Models = ModelCatalog.Discover(
        RepositoryRoot.Sql,
        MartBuilder.CreateTemplate(Path.Combine(Path.GetTempPath(), "no-lake"), KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"))));

    private static IEnumerable<string> SqlFiles(string folder = "") =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Sql, folder), "*.sql", SearchOption.AllDirectories);

    [Fact]
    public void Model_names_carry_the_prefix_of_their_layer()
    {
        foreach (SqlModel model in Models)
        {
            string expected = model.Schema switch
            {
                "staging" => $"stg_{Path.GetFileName(Path.GetDirectoryName(model.FilePath))}__",
                "intermediate" => "int_",
                _ => "",
            };
            bool ok = model.Schema is "marts" or "scorecard"
                ? model.Name.StartsWith("dim_", StringComparison.Ordinal) || model.Name.StartsWith("fct_", StringComparison.Ordinal)
                : model.Name.StartsWith(expected, StringComparison.Ordinal);
            Assert.True(ok, $"{model.DisplayPath}: name should start with {(expected.Length > 0 ? expected : "dim_ or fct_")}");
        }
    }

    [Fact]
    public void Every_model_has_a_yaml_beside_it_naming_it_and_its_grain()
    {
        foreach (SqlModel model in Models)
        {
            string yaml = Path.ChangeExtension(model.FilePath, ".yml");
            Assert.True(File.Exists(yaml), $"{model.DisplayPath} has no .yml beside it");
            string text = File.ReadAllText(yaml);
            Assert.Contains($"name: {model.Name}\n", text);
            Assert.True(GrainSentence().IsMatch(text), $"{model.DisplayPath}: the description should end with its grain (\"One row per ...\")");
        }
    }

    [Fact]
    public void Only_staging_reads_parquet_and_only_staging_and_tests_read_the_lake()
    {
        foreach (string file in SqlFiles().Where(f => !f.Contains($"{Path.DirectorySeparatorChar}staging{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string code = CodeOnly(File.ReadAllText(file));
            Assert.DoesNotContain("read_parquet", code, StringComparison.OrdinalIgnoreCase);
            if (!file.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                Assert.DoesNotContain("{{lake:", code, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Staging_models_read_the_lake_only_through_a_declared_source_and_every_source_is_staged()
    {
        var staged = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in SqlFiles("staging"))
        {
            string code = CodeOnly(File.ReadAllText(file));
            Assert.DoesNotContain("{{lake:", code, StringComparison.Ordinal);
            Assert.DoesNotContain("qualify", code, StringComparison.OrdinalIgnoreCase);
            Match source = Regex.Match(code, @"\{\{source:(?<id>[a-z_]+/[a-z_]+)\}\}");
            Assert.True(source.Success, $"{Path.GetFileName(file)} should read its dataset with {{{{source:<source>/<table>}}}}");
            staged.Add(source.Groups["id"].Value);
        }

        Assert.Equal(LakeSources.Load(RepositoryRoot.Sql).Keys.Keys.Order(StringComparer.Ordinal), staged.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_undeclared_source_or_an_unknown_key_column_names_the_file()
    {
        using var folder = new SqlFolder()
            .With("staging/sources.yml", "sources:\n  - name: crm\n    tables:\n      - name: sales\n        unique_key: [sale_no]\n");

        var unknownKey = Assert.Throws<MartDefinitionException>(() => LakeSources.Load(folder.Root));
        using var undeclared = new SqlFolder().With("staging/crm/stg_crm__sales.sql", "with source as (select * from {{source:crm/sales}}) select * from source");
        var missing = Assert.Throws<MartDefinitionException>(() => ModelCatalog.Discover(undeclared.Root));

        Assert.Contains("staging/sources.yml", unknownKey.Message, StringComparison.Ordinal);
        Assert.Contains("'sale_no' is not a column of crm/sales", unknownKey.Message, StringComparison.Ordinal);
        Assert.Contains("staging/crm/stg_crm__sales.sql: source 'crm/sales' is not declared in staging/sources.yml", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_model_ends_with_select_star_from_a_cte()
    {
        foreach (string file in SqlFiles().Where(f => !f.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string code = CodeOnly(File.ReadAllText(file)).TrimEnd().TrimEnd(';');
            Assert.True(FinalSelect().IsMatch(code), $"{Path.GetRelativePath(RepositoryRoot.Sql, file)} should end with 'select * from <cte>'");
        }
    }

    [Fact]
    public void Models_read_only_their_own_or_upstream_layers()
    {
        var upstream = new Dictionary<string, string[]>
        {
            ["staging"] = [],
            ["intermediate"] = ["staging", "intermediate"],
            ["marts"] = ["staging", "intermediate", "marts"],
            ["scorecard"] = ["marts", "scorecard", "seeds"],
        };
        foreach (SqlModel model in Models)
        {
            foreach (string reference in model.References)
            {
                Assert.True(upstream[model.Schema].Contains(reference.Split('.')[0]), $"{model.DisplayPath} reads {reference}");
            }
        }
    }

    [Fact]
    public void Assertions_are_named_for_what_must_hold()
    {
        foreach (string file in SqlFiles("tests"))
        {
            Assert.StartsWith("assert_", Path.GetFileName(file), StringComparison.Ordinal);
        }
    }

    private static string CodeOnly(string sql) => Comment().Replace(sql, "");

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"One\s+row\s+per\s[^.]+\.\s*\n(columns:|tests:|$)")]
    private static partial Regex GrainSentence();

    [GeneratedRegex(@"\bselect \* from [a-z_][a-z0-9_]*\s*$")]
    private static partial Regex FinalSelect();
}
