using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Tests;

/// <summary>The markdown a newcomer reads stays short and has no dangling references.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] Skipped = ["/.git/", "/.tools/", "/.artifacts/", "/node_modules/", "/bin/", "/obj/"];

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(RepositoryRoot.Path, "*.md", SearchOption.AllDirectories)
            .Where(f => !Skipped.Any(s => f.Replace('\\', '/').Contains(s, StringComparison.Ordinal)));

    [Fact]
    public void The_readme_is_at_most_300_lines()
    {
        int lines = File.ReadAllLines(RepositoryRoot.File("README.md")).Length;

        Assert.True(lines <= 300, $"README.md has {lines} lines; depth belongs in the area READMEs beside the code.");
    }

    [Fact]
    public void Every_relative_link_in_the_markdown_resolves_to_a_file_and_heading()
    {
        var dangling = new List<string>();
        foreach (string file in MarkdownFiles())
        {
            string text = CodeFence().Replace(File.ReadAllText(file), "");
            foreach (Match link in Link().Matches(text))
            {
                string target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                string[] parts = target.Split('#', 2);
                string resolved = parts[0].Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, parts[0]));
                string where = $"{Path.GetRelativePath(RepositoryRoot.Path, file)}: ({target})";
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    dangling.Add($"{where}: no such file");
                }
                else if (parts.Length == 2 && File.Exists(resolved) && !Anchors(resolved).Contains(parts[1]))
                {
                    dangling.Add($"{where}: no heading #{parts[1]}");
                }
            }
        }

        Assert.Empty(dangling);
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation but hyphens dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string markdownFile) =>
        Heading().Matches(File.ReadAllText(markdownFile))
            .Select(m => Punctuation().Replace(m.Groups["title"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(?<!!)\[[^\]\n]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?ms)^```.*?^```")]
    private static partial Regex CodeFence();

    [GeneratedRegex(@"(?m)^#{1,6} (?<title>.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex Punctuation();
}
