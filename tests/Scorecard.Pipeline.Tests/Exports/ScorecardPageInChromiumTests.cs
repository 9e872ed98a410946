using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>The HTML scorecard opened in a real headless Chromium: what a person sees, and a screenshot kept under .artifacts/exports/.</summary>
public sealed class ScorecardPageInChromiumTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    [ChromiumFact]
    public async Task Chromium_shows_the_four_perspectives_status_labels_and_strategy_map_nodes()
    {
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

    [ChromiumFact]
    public async Task Chromium_renders_a_screenshot_of_the_page_kept_as_a_test_artifact()
    {
        string page = await fixture.Exporter.WriteAsync(fixture.CentreMonth, ExportFormat.Html, fixture.Scratch.File("centre-shot.html"));
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
