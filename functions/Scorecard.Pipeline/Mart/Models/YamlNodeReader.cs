using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mart;

/// <summary>Reads typed keys from one YAML mapping; every error names the file, the thing being read and the key.</summary>
internal sealed class YamlNodeReader(string file, string what, YamlMappingNode node)
{
    public YamlMappingNode Node => node;

    public YamlNodeReader Named(string newWhat) => new(file, newWhat, node);

    public YamlNodeReader Child(YamlNode child, string childWhat) =>
        child is YamlMappingNode mapping
            ? new YamlNodeReader(file, childWhat, mapping)
            : throw new MartDefinitionException($"{file} line {child.Start.Line}: {what}: expected a mapping for {childWhat}.");

    public MartDefinitionException Error(string key, string message) =>
        new($"{file} line {node.Start.Line}: {what}: key '{key}': {message}.");

    public YamlNode? Find(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;

    public string Text(string key) =>
        OptionalText(key) ?? throw Error(key, "is missing");

    public string? OptionalText(string key) => Find(key) switch
    {
        null => null,
        YamlScalarNode { Value: { Length: > 0 } value } => value.Trim(),
        YamlScalarNode => null,
        _ => throw Error(key, "expected text"),
    };

    public decimal Number(string key) =>
        OptionalNumber(key) ?? throw Error(key, "is missing");

    public decimal? OptionalNumber(string key)
    {
        string? text = OptionalText(key);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value)
            ? value
            : throw Error(key, $"'{text}' is not a number");
    }

    public bool? OptionalBoolean(string key)
    {
        string? text = OptionalText(key);
        return text is null ? null
            : bool.TryParse(text, out bool value) ? value
            : throw Error(key, $"'{text}' is not true or false");
    }

    public string OneOf(string key, IReadOnlyCollection<string> allowed) => Check(Text(key), key, allowed);

    public string Check(string value, string key, IReadOnlyCollection<string> allowed) =>
        allowed.Contains(value) ? value : throw Error(key, $"'{value}' is not one of: {string.Join(", ", allowed)}");

    public YamlMappingNode Mapping(string key) =>
        OptionalMapping(key) ?? throw Error(key, "is missing");

    public YamlMappingNode? OptionalMapping(string key) => Find(key) switch
    {
        null => null,
        YamlMappingNode mapping => mapping,
        _ => throw Error(key, "expected a mapping"),
    };

    public IReadOnlyList<YamlNode> Sequence(string key) =>
        Find(key) is null ? throw Error(key, "is missing") : OptionalSequence(key);

    public IReadOnlyList<YamlNode> OptionalSequence(string key) => Find(key) switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children.ToList(),
        _ => throw Error(key, "expected a list"),
    };

    public IReadOnlyList<string> TextList(string key) =>
        Sequence(key).Select(n => n is YamlScalarNode { Value: { } v } ? v : throw Error(key, "expected a list of text")).ToList();
}
