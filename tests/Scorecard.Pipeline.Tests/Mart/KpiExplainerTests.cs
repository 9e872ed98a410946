using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Cli;
using Scorecard.Pipeline.Tests.Exports;
using Scorecard.Pipeline.Tests.SampleData;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary><c>scorecard explain</c>: a KPI value traced to the rows it was computed from, on the export tests' generated mart (October 2026).</summary>
public sealed class KpiExplainerTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    private static readonly ExportPeriod October = ExportPeriod.Parse("2026-10");
    private static readonly KpiRegistry Registry = KpiRegistry.Load(RepositoryRoot.File("sql", "kpis.yml"));

    [Fact]
    public void Explained_rows_reproduce_the_value_the_mart_published_for_a_queue()
    {
        string queue = FirstMember("select queue_id from marts.fct_contact where channel = 'voice' group by 1 order by count(*) desc");

        var (explanation, rows) = Explain("service_level", "queue", queue);

        double numerator = rows.Sum(r => double.Parse(r["numerator"], CultureInfo.InvariantCulture));
        double denominator = rows.Sum(r => double.Parse(r["denominator"], CultureInfo.InvariantCulture));
        Assert.True(explanation.IsPublishedAtLevel);
        Assert.NotNull(explanation.PublishedValue);
        Assert.Equal(explanation.PublishedValue!.Value, numerator / denominator * 100, 9);
        Assert.Equal(explanation.RowCount, rows.Count);
        Assert.True(explanation.RowsAddUp);
    }

    [Fact]
    public void Explained_rows_of_a_team_give_the_service_level_counted_straight_from_the_contacts()
    {
        string team = FirstMember("select team_id from marts.fct_contact where team_id is not null group by 1 order by 1");

        var (explanation, rows) = Explain("service_level", "team", team);
        using DuckDBConnection mart = MartConnection.OpenReadOnly(fixture.MartDirectory);
        long met = Count(mart, $"select count(*) from marts.fct_contact where team_id = '{team}' and channel = 'voice' and is_offered and is_answered_within_threshold and contact_date between date '2026-10-01' and date '2026-10-31'");
        long offered = Count(mart, $"select count(*) from marts.fct_contact where team_id = '{team}' and channel = 'voice' and is_offered and contact_date between date '2026-10-01' and date '2026-10-31'");

        Assert.False(explanation.IsPublishedAtLevel);
        Assert.Equal(offered, rows.Count);
        Assert.Equal(met, rows.Sum(r => long.Parse(r["numerator"], CultureInfo.InvariantCulture)));
        Assert.Equal(offered, rows.Sum(r => long.Parse(r["denominator"], CultureInfo.InvariantCulture)));
        Assert.Equal(100.0 * met / offered, explanation.Value!.Value, 9);
        Assert.All(rows, r => Assert.Equal(team, r["team_id"]));
    }

    [Fact]
    public void Each_explained_row_names_the_lake_file_and_source_row_that_hold_it()
    {
        string queue = FirstMember("select queue_id from marts.fct_contact where channel = 'voice' group by 1 order by count(*) desc");
        var (_, rows) = Explain("service_level", "queue", queue);
        string storeRoot = Path.GetDirectoryName(fixture.MartDirectory)!;

        using var duckdb = new DuckDBConnection("Data Source=:memory:");
        duckdb.Open();
        foreach (var row in rows.Where((_, i) => i % 97 == 0))
        {
            string lakeFile = Path.Combine(storeRoot, row["lake_file"]);
            Assert.True(File.Exists(lakeFile), $"{row["contact_id"]}: no lake file {lakeFile}");
            long found = Count(duckdb,
                $"select count(*) from read_parquet('{lakeFile.Replace("'", "''")}') where source_row_number = {row["source_row_number"]} and contact_id = '{row["contact_id"]}'");
            Assert.True(found == 1, $"{row["contact_id"]} is not at source row {row["source_row_number"]} of {row["lake_file"]}");
        }
    }

    [Fact]
    public async Task Explain_command_prints_numerator_and_denominator_and_writes_the_rows_as_csv()
    {
        string team = FirstMember("select team_id from marts.fct_contact where team_id is not null group by 1 order by 1");
        string csv = Path.Combine(fixture.Scratch.Path, $"explain-{Guid.NewGuid():N}.csv");

        var result = await ScorecardProcess.RunAsync(
            "explain", "--store", Path.GetDirectoryName(fixture.MartDirectory)!, "--kpi", "service_level", "--period", "2026-10",
            "--level", "team", "--member", team, "--out", csv);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"numerator: +\d+", result.Output);
        Assert.Matches(@"denominator: +\d+", result.Output);
        var rows = CsvTestReader.ReadAll(csv);
        Assert.Equal(["contact_id", "contact_date", "team_id"], rows[0].Take(3));
        Assert.Contains("lake_file", rows[0]);
        Assert.Contains($"{rows.Count - 1:N0} rows that count", result.Output, StringComparison.Ordinal);
    }

    private (KpiExplanation Explanation, List<Dictionary<string, string>> Rows) Explain(string kpi, string level, string member)
    {
        using var csv = new StringWriter();
        KpiExplanation explanation = KpiExplainer.Explain(fixture.MartDirectory, Registry, kpi, October, level, member, csv);
        var table = CsvTestReader.Parse(csv.ToString());
        var rows = table.Skip(1).Select(r => table[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        return (explanation, rows);
    }

    private string FirstMember(string sql)
    {
        using DuckDBConnection mart = MartConnection.OpenReadOnly(fixture.MartDirectory);
        using DuckDBCommand command = mart.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    private static long Count(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
