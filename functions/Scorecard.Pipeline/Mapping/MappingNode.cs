using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mapping;

/// <summary>One node of a mapping file with its key path (<c>outputs[0].columns.talk_seconds</c>), so every error
/// names the file, the line, the key and what was expected.</summary>
internal sealed class MappingNode(string file, string path, YamlNode node)
{
    public string Path => path;

    public YamlNode Node => node;

    public MappingDefinitionException Error(string expected) => new(file, (int)node.Start.Line, path, expected);

    public MappingDefinitionException Error(string key, string expected) =>
        new(file, (int)(Find(key)?.Node.Start.Line ?? node.Start.Line), Join(key), expected);

    public bool IsMapping => node is YamlMappingNode;

    public bool IsScalar => node is YamlScalarNode;

    public IEnumerable<string> Keys => AsMapping().Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "");

    public MappingNode? Find(string key) =>
        AsMapping().Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? new MappingNode(file, Join(key), value) : null;

    public MappingNode Required(string key) => Find(key) ?? throw Error($"expected key '{key}' here (it is missing)");

    public string Text() => node is YamlScalarNode { Value: { } value } ? value : throw Error("expected a text value");

    public string Text(string key) => Required(key).Text();

    public string? OptionalText(string key) => Find(key)?.Text();

    public IReadOnlyList<MappingNode> Items() => node switch
    {
        YamlSequenceNode sequence => sequence.Children.Select((c, i) => new MappingNode(file, $"{path}[{i}]", c)).ToList(),
        _ => throw Error("expected a list"),
    };

    public IReadOnlyList<MappingNode> ItemsOrOne() => node is YamlSequenceNode ? Items() : [this];

    public IEnumerable<(string Key, MappingNode Value)> Entries() =>
        AsMapping().Children.Select(p => (((YamlScalarNode)p.Key).Value ?? "", new MappingNode(file, Join(((YamlScalarNode)p.Key).Value ?? ""), p.Value)));

    /// <summary>Rejects keys nobody reads, so a typo (<c>formt:</c>) is an error instead of being ignored.</summary>
    public void AllowOnly(params string[] keys)
    {
        foreach (string key in Keys)
        {
            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                throw Error(key, $"unknown key '{key}'; expected one of: {string.Join(", ", keys)}");
            }
        }
    }

    private YamlMappingNode AsMapping() => node as YamlMappingNode ?? throw Error("expected a mapping (key: value lines)");

    private string Join(string key) => path.Length == 0 ? key : $"{path}.{key}";
}
