using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>The HTML scorecard opened in a real headless Chromium: what a person sees, and a screenshot kept under .artifacts/exports/.</summary>
public sealed class ScorecardPageInChromiumTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    [Fact]
    public async Task Chromium_shows_the_four_perspectives_status_labels_and_strategy_map_nodes()
    {
        HeadlessChromium.Require();
        string page = await fixture.Exporter.WriteAsync(fixture.CentreMonth, ExportFormat.Html, fixture.Scratch.File("centre.html"));

        string dom = HeadlessChromium.DumpDom(page);

        foreach (string perspective in new[] { "Financial", "Customer", "Internal process", "Learning and growth" })
        {
            Assert.Contains($"data-perspective=\"{PerspectiveId(perspective)}\"><h3>{perspective} ", dom, StringComparison.Ordinal);
        }

        foreach (string status in fixture.CentreMonth.Centre!.Rows.Where(r => r.Status is not null).Select(r => r.Status!).Distinct())
        {
            Assert.Contains($"<span class=\"status status-{status}\">{ExportValueFormat.StatusLabel(status, true, true)}</span>", dom, StringComparison.Ordinal);
        }

        foreach (var link in fixture.CentreMonth.Links)
        {
            Assert.Contains($"<g class=\"node status-", dom, StringComparison.Ordinal);
            Assert.Contains($"data-kpi=\"{link.EffectKpiId}\"><title>", dom, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Chromium_follows_the_centre_pages_link_to_the_team_page_and_shows_the_teams()
    {
        HeadlessChromium.Require();
        string folder = Directory.CreateDirectory(fixture.Scratch.File("chromium-pages")).FullName;
        var levels = await fixture.Exporter.ReadLevelsAsync(null);
        IReadOnlyList<string> pages = await fixture.Exporter.WritePagesAsync(levels, "centre", folder);
        string centreDom = HeadlessChromium.DumpDom(pages[0]);
        string href = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(centreDom, "<a href=\"([^\"]+)\" data-level=\"team\">Teams</a>").Groups[1].Value);
        Assert.NotEmpty(href);

        string team = new Uri(new Uri(pages[0]), href).LocalPath;
        string teamDom = HeadlessChromium.DumpDom(team);

        Assert.Contains("<strong aria-current=\"page\" data-level=\"team\">Teams</strong>", teamDom, StringComparison.Ordinal);
        foreach (ExportedMember member in levels.Single(l => l.Level == "team").Members)
        {
            Assert.Contains($"<section class=\"member\" id=\"{ScorecardHtmlRenderer.MemberAnchor(member.MemberId)}\"><h2>Team {member.MemberId} ", teamDom, StringComparison.Ordinal);
        }

        string artifacts = RepositoryRoot.File(".artifacts", "exports");
        Directory.CreateDirectory(artifacts);
        HeadlessChromium.Screenshot(team, Path.Combine(artifacts, "scorecard-team-desktop.png"), 1280, 2000);
    }

    [Fact]
    public async Task Chromium_renders_a_screenshot_of_the_page_kept_as_a_test_artifact()
    {
        HeadlessChromium.Require();
        string folder = Directory.CreateDirectory(fixture.Scratch.File("chromium-shot")).FullName;
        string page = (await fixture.Exporter.WritePagesAsync(await fixture.Exporter.ReadLevelsAsync(null), "centre", folder))[0];
        string artifacts = RepositoryRoot.File(".artifacts", "exports");
        Directory.CreateDirectory(artifacts);
        string png = Path.Combine(artifacts, "scorecard-centre-desktop.png");
        string phone = Path.Combine(artifacts, "scorecard-centre-phone.png");
        File.Delete(png);
        File.Delete(phone);

        HeadlessChromium.Screenshot(page, png, 1280, 2000);
        HeadlessChromium.Screenshot(page, phone, 390, 2400);

        Assert.True(new FileInfo(png).Length > 20_000, "the desktop screenshot looks empty");
        Assert.True(new FileInfo(phone).Length > 10_000, "the phone screenshot looks empty");
        File.Copy(page, Path.Combine(artifacts, "scorecard-centre.html"), overwrite: true);
    }

    private static string PerspectiveId(string label) => label switch
    {
        "Internal process" => "internal_process",
        "Learning and growth" => "learning_growth",
        _ => label.ToLowerInvariant(),
    };
}
