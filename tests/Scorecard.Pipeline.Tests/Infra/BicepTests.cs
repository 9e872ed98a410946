using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>
/// infra/ builds and lints clean with the bicep CLI from NuGet, offline. infra/bicepconfig.json raises
/// every analyzer rule to warning, and any diagnostic printed fails the test.
/// </summary>
public sealed partial class BicepTests
{
    public static TheoryData<string> BicepFiles() => new(BicepFilePaths());

    private static IReadOnlyList<string> BicepFilePaths() =>
        Directory
            .EnumerateFiles(RepositoryRoot.File("infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Main_bicep_builds_without_any_diagnostic()
    {
        var build = CompiledTemplate.Main.Build;

        Assert.True(build.IsClean, $"bicep build infra/main.bicep: {build}");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Bicep_file_lints_without_any_warning(string file)
    {
        var lint = BicepCli.Run("lint", file);

        Assert.True(lint.IsClean, $"bicep lint {file}: {lint}");
    }

    [Fact]
    public void Infra_uses_local_modules_only()
    {
        var files = BicepFilePaths();

        var references = files
            .SelectMany(file => ModuleReference().Matches(File.ReadAllText(RepositoryRoot.File(file)))
                .Select(match => (File: file, Target: match.Groups["target"].Value)))
            .ToList();

        Assert.Contains("infra/main.bicep", files);
        Assert.NotEmpty(references);
        Assert.All(references, reference =>
        {
            // Registry modules (br:, br/public:, ts:) cannot be restored offline; every module is a file beside us.
            Assert.DoesNotContain(":", reference.Target, StringComparison.Ordinal);
            var target = Path.Combine(Path.GetDirectoryName(RepositoryRoot.File(reference.File))!, reference.Target);
            Assert.True(File.Exists(target), $"{reference.File} references {reference.Target}, which does not exist");
        });
    }

    [Fact]
    public void Bicepconfig_raises_the_analyzer_rules_to_warning()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryRoot.File("infra", "bicepconfig.json")))!;

        var core = config["analyzers"]!["core"]!;
        var levels = core["rules"]!.AsObject().Select(rule => rule.Value!["level"]!.GetValue<string>()).ToList();

        Assert.True(core["enabled"]!.GetValue<bool>());
        Assert.NotEmpty(levels);
        Assert.All(levels, level => Assert.True(level is "warning" or "error", $"rule level {level}"));
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<target>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
