using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The KPI registry (<c>sql/kpis.yml</c>): perspectives, the base relations KPIs read, every KPI and the
/// strategy-map links. <see cref="Load"/> validates it; an error names the file, the KPI id and the key.
/// </summary>
public sealed partial class KpiRegistry
{
    public static IReadOnlyList<string> PerspectiveIds { get; } = ["financial", "customer", "internal_process", "learning_growth"];

    public static IReadOnlyList<string> Types { get; } = ["simple", "ratio", "derived"];

    public static IReadOnlyList<string> Directions { get; } = ["higher", "lower"];

    public static IReadOnlyList<string> PeriodGrains { get; } = ["day", "week", "month"];

    public static IReadOnlyList<string> LevelNames { get; } = ["centre", "queue", "team", "agent"];

    private KpiRegistry(
        string path,
        IReadOnlyList<KpiPerspective> perspectives,
        IReadOnlyList<KpiSource> sources,
        IReadOnlyList<KpiDefinition> kpis,
        IReadOnlyList<KpiLink> links)
    {
        Path = path;
        Perspectives = perspectives;
        Sources = sources;
        Kpis = kpis;
        Links = links;
    }

    public string Path { get; }

    public IReadOnlyList<KpiPerspective> Perspectives { get; }

    public IReadOnlyList<KpiSource> Sources { get; }

    public IReadOnlyList<KpiDefinition> Kpis { get; }

    public IReadOnlyList<KpiLink> Links { get; }

    public KpiSource SourceOf(KpiDefinition kpi) => Sources.Single(s => s.Name == kpi.Source);

    /// <summary>Reads and validates the registry file.</summary>
    public static KpiRegistry Load(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new MartDefinitionException($"{path}: the KPI registry file does not exist.");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new MartDefinitionException($"{file}: not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new MartDefinitionException($"{file}: expected a mapping with perspectives, sources, kpis and links.");
        }

        var top = new YamlNodeReader(file, "registry", root);
        var perspectives = top.Sequence("perspectives").Select(node =>
        {
            var r = top.Child(node, "perspective");
            string id = r.OneOf("id", PerspectiveIds);
            return new KpiPerspective(id, r.Text("label"), r.Number("weight"));
        }).ToList();

        var sources = top.Mapping("sources").Children.Select(pair =>
        {
            string name = ((YamlScalarNode)pair.Key).Value!;
            var r = top.Child(pair.Value, $"source '{name}'");
            var levels = r.Mapping("levels").Children.ToDictionary(
                p => r.Check(((YamlScalarNode)p.Key).Value!, "levels", LevelNames.Skip(1).ToList()),
                p => ((YamlScalarNode)p.Value).Value!);
            return new KpiSource(name, r.Text("relation"), r.Text("date"), levels)
            {
                ScopeIgnores = r.Find("scope_ignores") is null ? [] : r.TextList("scope_ignores"),
            };
        }).ToList();

        var kpis = top.Sequence("kpis").Select(node => ReadKpi(top.Child(node, "KPI"), sources)).ToList();
        var duplicate = kpis.GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MartDefinitionException($"{file}: KPI '{duplicate.Key}' is defined {duplicate.Count()} times.");
        }

        var ids = kpis.Select(k => k.Id).ToHashSet();
        var links = top.OptionalSequence("links").Select(node =>
        {
            var r = top.Child(node, "link");
            string cause = r.Check(r.Text("cause"), "cause", ids);
            string effect = r.Check(r.Text("effect"), "effect", ids);
            string expected = r.OneOf("expected", ["positive", "negative"]);
            return new KpiLink(cause, effect, expected == "positive" ? 1 : -1, r.Text("rationale"));
        }).ToList();

        foreach (string perspective in kpis.Select(k => k.Perspective).Distinct())
        {
            if (perspectives.All(p => p.Id != perspective))
            {
                throw new MartDefinitionException($"{file}: perspective '{perspective}' is used by a KPI but not listed under perspectives.");
            }
        }

        return new KpiRegistry(path, perspectives, sources, kpis, links);
    }

    private static KpiDefinition ReadKpi(YamlNodeReader first, IReadOnlyList<KpiSource> sources)
    {
        string id = first.Text("id");
        var r = first.Named($"KPI '{id}'");
        if (!KpiId().IsMatch(id))
        {
            throw r.Error("id", "use lowercase letters, digits and underscores, starting with a letter");
        }

        string type = r.OneOf("type", Types);
        string sourceName = r.Check(r.Text("source"), "source", sources.Select(s => s.Name).ToList());
        KpiSource source = sources.Single(s => s.Name == sourceName);
        string? denominator = r.OptionalText("denominator");
        if (type == "simple" && denominator is not null)
        {
            throw r.Error("denominator", "a simple KPI has no denominator (its value is the numerator)");
        }

        if (type != "simple" && denominator is null)
        {
            throw r.Error("denominator", $"a {type} KPI needs a denominator");
        }

        var grains = r.Child(r.Mapping("grains"), $"KPI '{id}' grains");
        var periods = grains.TextList("periods").Select(p => grains.Check(p, "periods", PeriodGrains)).ToList();
        var levels = grains.TextList("levels").Select(l => grains.Check(l, "levels", LevelNames)).ToList();
        foreach (string level in levels.Where(l => l != "centre" && !source.LevelColumns.ContainsKey(l)))
        {
            throw grains.Error("levels", $"source '{source.Name}' has no column for level '{level}'");
        }

        var thresholds = r.OptionalMapping("thresholds") is { } t ? r.Child(t, $"KPI '{id}' thresholds") : null;
        return new KpiDefinition(
            id,
            r.Text("label"),
            r.OneOf("perspective", PerspectiveIds),
            r.Text("definition"),
            type,
            sourceName,
            r.Text("numerator"),
            denominator,
            r.OptionalText("sample"),
            r.OptionalNumber("scale") ?? 1m,
            r.Text("unit"),
            r.OneOf("direction", Directions),
            r.OptionalBoolean("share") ?? false,
            r.OptionalNumber("target"),
            thresholds?.Number("amber"),
            thresholds?.Number("red"),
            periods,
            levels,
            r.OptionalNumber("weight") ?? 1m,
            (int)(r.OptionalNumber("min_sample") ?? 0m),
            (int)r.Number("version"));
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KpiId();
}
