using System.Text.RegularExpressions;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>The HTML export is a page per level - centre, queue, team, agent - linked to each other by relative file names.</summary>
public sealed partial class ScorecardLevelPagesTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    [Fact]
    public async Task Every_link_of_the_centre_page_resolves_to_a_page_in_the_same_export_folder()
    {
        string folder = Directory.CreateDirectory(fixture.Scratch.File("pages-" + Guid.NewGuid().ToString("N"))).FullName;
        var levels = await fixture.Exporter.ReadLevelsAsync(null);

        IReadOnlyList<string> written = await fixture.Exporter.WritePagesAsync(levels, "centre", folder);

        Assert.Equal(["centre", "queue", "team", "agent"], levels.Select(l => l.Level));
        Assert.Equal(4, written.Count);
        Assert.All(written, w => Assert.Equal(folder, Path.GetDirectoryName(w)));
        Assert.All(levels, l => Assert.Equal(levels[0].Period, l.Period));
        string centre = File.ReadAllText(written[0]);
        var links = Links(centre);
        Assert.Equal(
            written.Skip(1).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            links.Select(l => l.File).Distinct().Order(StringComparer.Ordinal));
        foreach (var (file, anchor) in links)
        {
            Assert.Matches(@"^scorecard_\d{4}-\d{2}_(queue|team|agent)_\d{8}T\d{6}Z\.html$", file);
            string target = Path.Combine(folder, file);
            Assert.True(File.Exists(target), $"the centre page links to {file}, which is not in the export folder");
            if (anchor is not null)
            {
                Assert.Contains($" id=\"{anchor}\"", File.ReadAllText(target), StringComparison.Ordinal);
            }
        }

        // Every member of every level is linked from the centre page, and every level page links back to the centre.
        foreach (ScorecardExport level in levels.Skip(1))
        {
            Assert.NotEmpty(level.Members);
            string page = Path.GetFileName(written.Single(w => w.Contains($"_{level.Level}_", StringComparison.Ordinal)));
            foreach (ExportedMember member in level.Members)
            {
                Assert.Contains((page, ScorecardHtmlRenderer.MemberAnchor(member.MemberId)), links);
            }

            var back = Links(File.ReadAllText(Path.Combine(folder, page)));
            Assert.Contains((Path.GetFileName(written[0]), (string?)null), back);
        }
    }

    [Fact]
    public async Task A_level_page_lists_its_members_as_anchors_to_their_sections()
    {
        var levels = await fixture.Exporter.ReadLevelsAsync(null);
        ScorecardExport team = levels.Single(l => l.Level == "team");

        string html = ScorecardHtmlRenderer.Render(team, ScorecardExporter.PageLinks(levels, l => l.Level + ".html"));

        Assert.Contains("<strong aria-current=\"page\" data-level=\"team\">Teams</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"centre.html\" data-level=\"centre\">Centre</a>", html, StringComparison.Ordinal);
        foreach (ExportedMember member in team.Members)
        {
            string anchor = ScorecardHtmlRenderer.MemberAnchor(member.MemberId);
            Assert.Contains($"<a href=\"#{anchor}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<section class=\"member\" id=\"{anchor}\">", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Exporting_one_level_to_a_named_file_puts_the_other_pages_beside_it_linked_to_that_name()
    {
        string folder = Directory.CreateDirectory(fixture.Scratch.File("named-" + Guid.NewGuid().ToString("N"))).FullName;
        var levels = await fixture.Exporter.ReadLevelsAsync(null);

        IReadOnlyList<string> written = await fixture.Exporter.WritePagesAsync(levels, "team", Path.Combine(folder, "teams.html"));

        Assert.Equal(Path.Combine(folder, "teams.html"), written[0]);
        Assert.Equal(4, Directory.GetFiles(folder, "*.html").Length);
        string centre = File.ReadAllText(written.Single(w => w.Contains("_centre_", StringComparison.Ordinal)));
        Assert.Contains(("teams.html", (string?)null), Links(centre));
    }

    [Fact]
    public void A_mart_build_writes_the_centre_queue_team_and_agent_pages_to_the_exports_container()
    {
        string exports = Path.Combine(fixture.Store.Root, StoreContainers.Exports);

        var pages = Directory.GetFiles(exports, "*.html").Select(Path.GetFileName).ToList();

        foreach (string level in new[] { "centre", "queue", "team", "agent" })
        {
            Assert.Single(pages, p => p!.Contains($"_{level}_", StringComparison.Ordinal));
        }
    }

    /// <summary>Every relative link to another file in <paramref name="html"/>: the file and the fragment (null without one).</summary>
    internal static List<(string File, string? Anchor)> Links(string html) =>
        Href().Matches(html)
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(h => !h.StartsWith('#'))
            .Select(h => h.Split('#', 2) is [var file, var anchor] ? (file, (string?)anchor) : (h, null))
            .ToList();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
