using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Sylvan.Data.Csv;

namespace Scorecard.Pipeline.Tests.Exports;

public sealed class ScorecardExporterTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    private static readonly string[] ComparedColumns = ["value", "target", "score", "previous_value", "change_from_previous", "member_rank", "sample_size"];

    [Fact]
    public void Csv_export_numbers_equal_the_marts_fct_scorecard_for_the_same_period_and_level()
    {
        var expected = MartRows("month", new DateOnly(2026, 10, 1), "team");

        var exported = CsvRows(ScorecardExporter.Render(fixture.TeamMonth, ExportFormat.Csv));

        Assert.True(expected.Count > 10, $"only {expected.Count} mart rows");
        AssertSameRows(expected, exported);
    }

    [Fact]
    public void Json_export_numbers_equal_the_marts_fct_scorecard_for_the_same_period_and_level()
    {
        var expected = MartRows("month", new DateOnly(2026, 10, 1), "team");

        using var json = JsonDocument.Parse(ScorecardExporter.Render(fixture.TeamMonth, ExportFormat.Json));

        Assert.Equal("team", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("2026-10-01", json.RootElement.GetProperty("period_start").GetString());
        var exported = json.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(
            row => (row.GetProperty("kpi_id").GetString()!, row.GetProperty("member_id").GetString()!),
            row => ComparedColumns.Append("status").ToDictionary(c => c, c => row.GetProperty(c) switch
            {
                { ValueKind: JsonValueKind.Null } => null,
                { ValueKind: JsonValueKind.String } s => s.GetString(),
                var n => (object?)n.GetDouble(),
            }));
        AssertSameRows(expected, exported);
    }

    [Fact]
    public void Csv_and_json_exports_use_the_documented_column_names_in_order()
    {
        string header = ScorecardExporter.Render(fixture.TeamMonth, ExportFormat.Csv).Split('\n')[0];

        using var json = JsonDocument.Parse(ScorecardExporter.Render(fixture.TeamMonth, ExportFormat.Json));

        Assert.Equal(
            "kpi_id,kpi_label,perspective,period_grain,period_start,period_end,level,member_id,value,unit,currency,direction,target,amber_threshold," +
            "red_threshold,is_target_overridden,score,status,previous_value,change_from_previous,member_rank,sample_size,is_below_min_sample," +
            "definition_version",
            header);
        Assert.Equal(header.Split(','), json.RootElement.GetProperty("rows")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Csv_and_json_exports_give_money_kpis_the_mart_currency_and_other_kpis_none()
    {
        using var csv = CsvDataReader.Create(new StringReader(ScorecardExporter.Render(fixture.TeamMonth, ExportFormat.Csv)));
        using var json = JsonDocument.Parse(ScorecardExporter.Render(fixture.TeamMonth, ExportFormat.Json));

        var csvCurrencies = new HashSet<(string Unit, string Currency)>();
        while (csv.Read())
        {
            csvCurrencies.Add((csv.GetString(csv.GetOrdinal("unit")), csv.GetString(csv.GetOrdinal("currency"))));
        }

        var jsonCurrencies = json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => (Unit: r.GetProperty("unit").GetString()!, Currency: r.GetProperty("currency").GetString() ?? "")).ToHashSet();
        // The sample generator writes EUR, the default of Mart__Currency.
        Assert.Contains(("currency", "EUR"), csvCurrencies);
        Assert.All(csvCurrencies, c => Assert.Equal(c.Unit == "currency" ? "EUR" : "", c.Currency));
        Assert.Equal(csvCurrencies, jsonCurrencies);
        Assert.Equal("EUR", fixture.TeamMonth.Currency);
    }

    [Fact]
    public void Scores_shown_out_of_100_never_exceed_100_even_where_a_kpi_beats_its_target()
    {
        var exports = new[] { fixture.CentreMonth, fixture.TeamMonth };
        var rows = exports.SelectMany(e => e.Rows).ToList();

        var beaten = rows.Where(r => r is { Value: { } v, Target: > 0 and { } t } && (r.Direction == "higher" ? v > t * 1.05 : v < t * 0.95)).ToList();
        var scores = rows.Select(r => r.Score)
            .Concat(exports.SelectMany(e => e.Members).SelectMany(m => m.PerspectiveScores.Values.Append(m.OverallScore)))
            .OfType<double>().ToList();

        // Some KPI beats its target by more than 5 % (uncapped it would score above 105); it scores exactly 100.
        Assert.NotEmpty(beaten);
        Assert.All(beaten, r => Assert.Equal(100.0, r.Score));
        Assert.NotEmpty(scores);
        Assert.All(scores, s => Assert.InRange(s, 0.0, 100.0));
    }

    [Fact]
    public void Export_without_a_period_takes_the_latest_month_and_reads_every_kpi_at_centre()
    {
        ScorecardExport export = fixture.CentreMonth;

        Assert.Equal(new ExportPeriod("month", new DateOnly(2026, 10, 1)), export.Period);
        Assert.Single(export.Members);
        Assert.Equal(export.Kpis.Count, export.Members[0].Rows.Count);
        Assert.Equal(4, export.Perspectives.Count);
        Assert.NotNull(export.Centre!.OverallScore);
        Assert.Equal(12, export.TrendPeriods.Count);
        Assert.NotEmpty(export.Links);
    }

    [Fact]
    public async Task A_daily_export_carries_each_kpis_values_of_the_last_twelve_days_for_its_trend_line()
    {
        ScorecardExport export = await fixture.Exporter.ReadAsync(ExportPeriod.Parse("2026-10-10"), "centre");

        IReadOnlyList<double?> trend = export.Centre!.Trends["calls_handled"];

        Assert.Equal(12, trend.Count);
        Assert.Null(trend[0]);
        Assert.All(trend.Skip(2), v => Assert.NotNull(v));
        Assert.Equal(export.Centre.Row("calls_handled")!.Value, trend[^1]);
    }

    [Fact]
    public void The_data_quality_footer_counts_the_audited_extracts_and_the_latest_data_date()
    {
        DataQualitySummary quality = fixture.TeamMonth.DataQuality;

        Assert.True(quality.HasAudit);
        Assert.True(quality.ExtractsIngested >= 10, $"{quality.ExtractsIngested} extracts");
        Assert.True(quality.RowsWritten > 0);
        Assert.Equal(new DateOnly(2026, 10, 10), quality.LatestExtractDate);
        Assert.Equal(new DateOnly(2026, 10, 10), quality.LatestDataDate);
    }

    [Fact]
    public async Task Export_goes_to_the_exports_container_named_by_period_level_and_build_time()
    {
        string where = await fixture.Exporter.WriteAsync(fixture.TeamMonth, ExportFormat.Csv);

        string name = Path.GetFileName(where);
        Assert.Matches(@"^scorecard_2026-10_team_\d{8}T\d{6}Z\.csv$", name);
        Assert.NotNull(await fixture.Store.GetAsync(StoreContainers.Exports, name));
    }

    [Fact]
    public void An_unknown_level_is_refused_with_the_levels_named()
    {
        var error = Assert.Throws<ArgumentException>(() => ScorecardExportReader.Read(fixture.MartDirectory, null, "site"));

        Assert.Contains("centre, queue, team, agent", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameRows(
        Dictionary<(string Kpi, string Member), Dictionary<string, object?>> expected,
        Dictionary<(string Kpi, string Member), Dictionary<string, object?>> exported)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k.Kpi).ThenBy(k => k.Member), exported.Keys.OrderBy(k => k.Kpi).ThenBy(k => k.Member));
        foreach (var (key, columns) in expected)
        {
            foreach (var (column, value) in columns)
            {
                Assert.True(Equals(value, exported[key][column]), $"{key.Kpi} {key.Member} {column}: mart {value}, export {exported[key][column]}");
            }
        }
    }

    private Dictionary<(string, string), Dictionary<string, object?>> MartRows(string grain, DateOnly start, string level)
    {
        using DuckDBConnection connection = MartConnection.OpenReadOnly(fixture.MartDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            select kpi_id, member_id, status, {string.Join(", ", ComparedColumns)}
            from scorecard.fct_scorecard
            where period_grain = '{grain}' and period_start = date '{start:yyyy-MM-dd}' and level = '{level}'
            """;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<(string, string), Dictionary<string, object?>>();
        while (reader.Read())
        {
            var columns = new Dictionary<string, object?> { ["status"] = reader.IsDBNull(2) ? null : reader.GetString(2) };
            for (int i = 0; i < ComparedColumns.Length; i++)
            {
                columns[ComparedColumns[i]] = reader.IsDBNull(i + 3) ? null : Convert.ToDouble(reader.GetValue(i + 3), CultureInfo.InvariantCulture);
            }

            rows[(reader.GetString(0), reader.GetString(1))] = columns;
        }

        return rows;
    }

    private static Dictionary<(string, string), Dictionary<string, object?>> CsvRows(string csv)
    {
        using var reader = CsvDataReader.Create(new StringReader(csv));
        var rows = new Dictionary<(string, string), Dictionary<string, object?>>();
        while (reader.Read())
        {
            var columns = new Dictionary<string, object?>
            {
                ["status"] = reader.GetString(reader.GetOrdinal("status")) is { Length: > 0 } s ? s : null,
            };
            foreach (string column in ComparedColumns)
            {
                string text = reader.GetString(reader.GetOrdinal(column));
                columns[column] = text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);
            }

            rows[(reader.GetString(reader.GetOrdinal("kpi_id")), reader.GetString(reader.GetOrdinal("member_id")))] = columns;
        }

        return rows;
    }
}
