using DuckDB.NET.Data;
using System.Text.Json;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>The data dictionary a build writes beside the exports, read from a built mart and the repository's sql/ folder.</summary>
public sealed class DataDictionaryTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    private static readonly string SqlRoot = RepositoryRoot.File("sql");

    private DataDictionary Dictionary { get; } =
        DataDictionaryReader.Read(fixture.MartDirectory, SqlRoot, KpiRegistry.Load(Path.Combine(SqlRoot, "kpis.yml")));

    [Fact]
    public void Every_published_table_and_column_has_a_description_in_its_yaml()
    {
        // A table is one file, or one per partition folder (<key>=<value>/data.parquet), which the path's * stands for.
        var published = Directory.EnumerateFiles(fixture.MartDirectory, "data.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(fixture.MartDirectory, f).Replace('\\', '/').Split('/'))
            .Select(p => p.Length == 2 ? string.Join('/', p) : $"{p[0]}/{p[1].Split('=')[0]}=*/{p[2]}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(published, Dictionary.Tables.Select(t => t.ParquetPath).Order(StringComparer.Ordinal));
        Assert.Empty(Dictionary.Undescribed);
        Assert.All(Dictionary.Tables, t => Assert.True(t.Grain is not null, $"{t.Schema}.{t.Name}: the description does not end with its grain ('One row per ...')"));
    }

    [Fact]
    public void Tables_carry_their_key_and_row_count_and_columns_their_type_and_unit()
    {
        DictionaryTable contacts = Dictionary.Tables.Single(t => t.Name == "fct_contact");
        DictionaryTable scorecard = Dictionary.Tables.Single(t => t.Name == "fct_scorecard");

        Assert.Equal(["contact_id"], contacts.Key);
        Assert.Equal(["kpi_id", "period_grain", "period_start", "level", "member_id"], scorecard.Key);
        Assert.True(contacts.RowCount > 0);
        // The counts the build recorded per published partition (the dictionary reads no Parquet) are the tables' own.
        using (DuckDBConnection connection = MartConnection.OpenReadOnly(fixture.MartDirectory))
        {
            Assert.All(Dictionary.Tables, t => Assert.Equal(connection.Scalar<long>($"select count(*) from {t.Schema}.{t.Name}"), t.RowCount));
        }

        Assert.Equal("seconds", contacts.Columns.Single(c => c.Name == "talk_seconds").Unit);
        Assert.Equal("UTC timestamp", contacts.Columns.Single(c => c.Name == "offered_at").Unit);
        Assert.Equal("BOOLEAN", contacts.Columns.Single(c => c.Name == "is_answered").DataType);
    }

    [Fact]
    public void Ratio_kpis_say_how_their_value_is_built_from_numerator_denominator_and_scale()
    {
        DictionaryKpi serviceLevel = Dictionary.Kpis.Single(k => k.Id == "service_level");

        Assert.Equal("marts.fct_contact", serviceLevel.Relation);
        Assert.Contains("is_answered_within_threshold", serviceLevel.Numerator, StringComparison.Ordinal);
        Assert.NotNull(serviceLevel.Denominator);
        Assert.Equal(100m, serviceLevel.Scale);
        Assert.StartsWith($"value = ({serviceLevel.Numerator}) / ({serviceLevel.Denominator}) x 100", serviceLevel.Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_writes_the_dictionary_as_json_and_html_beside_the_exports()
    {
        string exports = Path.Combine(Path.GetDirectoryName(fixture.MartDirectory)!, StoreContainers.Exports);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(exports, ScorecardExporter.DictionaryJsonName)));
        string html = File.ReadAllText(Path.Combine(exports, ScorecardExporter.DictionaryHtmlName));

        Assert.Equal(MartBuilder.DatabaseFileName, json.RootElement.GetProperty("database").GetString());
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(Dictionary.Tables.Count, tables.Count);
        Assert.All(tables.SelectMany(t => t.GetProperty("columns").EnumerateArray()), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("description").GetString())));
        Assert.All(Dictionary.Tables, t => Assert.Contains($"{t.Schema}.{t.Name}", html, StringComparison.Ordinal));
        Assert.Contains("scorecard explain --kpi", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Scorecard_page_says_how_to_trace_a_number_to_its_rows()
    {
        string page = ScorecardHtmlRenderer.Render(fixture.TeamMonth);

        Assert.Contains("id=\"trace-a-number\"", page, StringComparison.Ordinal);
        Assert.Contains("scorecard explain --kpi", page, StringComparison.Ordinal);
        Assert.Contains("data_dictionary.html", page, StringComparison.Ordinal);
    }
}
