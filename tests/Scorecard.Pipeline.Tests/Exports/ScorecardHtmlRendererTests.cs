using System.Globalization;
using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

public sealed class ScorecardHtmlRendererTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    [Fact]
    public void Html_shows_the_four_perspectives_with_their_scores_and_the_overall_score()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.CentreMonth);

        foreach (string perspective in new[] { "Financial", "Customer", "Internal process", "Learning and growth" })
        {
            Assert.Contains($">{perspective} <span class=\"score\">score ", html, StringComparison.Ordinal);
        }

        Assert.Contains("Centre overall score <strong>" + ExportValueFormat.Score(fixture.CentreMonth.Centre!.OverallScore), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_shows_money_values_and_targets_with_the_mart_currency()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.CentreMonth);

        var cost = fixture.CentreMonth.Centre!.Row("cost_per_call")!;
        string row = html[html.IndexOf("<tr class=\"kpi\" data-kpi=\"cost_per_call\">", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<td class=\"num\">{cost.Value:#,0.00} EUR</td>"), row, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">6.00 EUR</td>", row, StringComparison.Ordinal);
        Assert.Contains("money in EUR", html, StringComparison.Ordinal);
        // Not every value is money: a percentage gets no currency.
        Assert.DoesNotContain("% EUR", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_says_what_a_score_out_of_100_means()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.CentreMonth);

        Assert.Contains("</strong> of 100</p>", html, StringComparison.Ordinal);
        Assert.Contains("capped at 100 (target met)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0–150", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_gives_every_status_colour_a_text_label()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.CentreMonth);

        foreach (var row in fixture.CentreMonth.Centre!.Rows.Where(r => r.Status is not null))
        {
            string label = ExportValueFormat.StatusLabel(row.Status, true, true);
            Assert.Contains($"<span class=\"status status-{row.Status}\">{label}</span>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Html_draws_the_strategy_map_with_a_node_per_linked_kpi_and_an_edge_per_link()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.CentreMonth);

        foreach (var link in fixture.CentreMonth.Links)
        {
            Assert.Contains($"class=\"node status-", html, StringComparison.Ordinal);
            Assert.Contains($"data-kpi=\"{link.CauseKpiId}\"><title>", html, StringComparison.Ordinal);
            Assert.Contains($"data-link=\"{link.CauseKpiId} -> {link.EffectKpiId}\"", html, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(StrategyMapSvg.Evidence(link)), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Html_shows_the_service_level_variants_side_by_side_with_what_each_excludes()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.CentreMonth);

        Assert.Contains("class=\"variant\" data-kpi=\"service_level_answered_only\"", html, StringComparison.Ordinal);
        Assert.Contains("Excludes every abandoned contact", html, StringComparison.Ordinal);
        Assert.Contains("Excludes abandons shorter than the short-abandon threshold.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_has_a_definitions_appendix_and_a_data_quality_footer()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.CentreMonth);

        foreach (var kpi in fixture.CentreMonth.Kpis)
        {
            Assert.Contains($"<tr id=\"kpi-{kpi.KpiId}\">", html, StringComparison.Ordinal);
        }

        Assert.Contains("extracts ingested", html, StringComparison.Ordinal);
        Assert.Contains("rows quarantined", html, StringComparison.Ordinal);
        Assert.Contains("Latest data date: 2026-10-10", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_is_self_contained_with_no_script_and_nothing_fetched()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.TeamMonth);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_of_a_team_level_export_has_a_section_per_team()
    {
        string html = ScorecardHtmlRenderer.Render(fixture.TeamMonth);

        Assert.True(fixture.TeamMonth.Members.Count > 1);
        foreach (var member in fixture.TeamMonth.Members)
        {
            Assert.Contains($"<section class=\"member\" id=\"member-{member.MemberId}\">", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Html_shows_the_change_from_the_previous_period_with_an_arrow_and_a_trend_line_per_kpi()
    {
        ScorecardExport week = await fixture.Exporter.ReadAsync(ExportPeriod.Parse("2026-W41"), "centre");

        string html = ScorecardHtmlRenderer.Render(week);

        var handled = week.Centre!.Row("calls_handled")!;
        Assert.NotNull(handled.ChangeFromPrevious);
        string arrow = handled.ChangeFromPrevious > 0 ? "▲" : handled.ChangeFromPrevious < 0 ? "▼" : "▶";
        Assert.Contains($"{arrow} {ExportValueFormat.Change(handled.ChangeFromPrevious!.Value, handled.Unit)}</span>", html, StringComparison.Ordinal);
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.Equal(week.Centre.Rows.Count, CountOf(html, "<svg class=\"sparkline\"") + CountOf(html, "<span class=\"no-trend\">"));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public void Html_encodes_kpi_labels_member_ids_and_definitions_that_hold_markup()
    {
        const string evil = "<script>alert('x')</script>";
        ScorecardExport export = fixture.TeamMonth with
        {
            Members = fixture.TeamMonth.Members.Take(1)
                .Select(m => m with { MemberId = evil, Rows = m.Rows.Select(r => r with { KpiLabel = evil }).ToList() })
                .ToList(),
            Kpis = fixture.TeamMonth.Kpis.Select(k => k with { Label = evil, Definition = "<img src=x onerror=alert(1)>" }).ToList(),
        };

        string html = ScorecardHtmlRenderer.Render(export);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }
}
