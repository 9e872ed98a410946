using System.Reflection;

namespace Scorecard.Pipeline.Mapping;

/// <summary>The mappings that ship with the library (<c>Mapping/builtin/*.yml</c>, embedded), by name.</summary>
public static class BuiltinMappings
{
    private const string ResourcePrefix = "Scorecard.Pipeline.Mapping.builtin.";

    private static readonly Lazy<IReadOnlyList<SourceMapping>> s_all = new(Load);

    public static IReadOnlyList<SourceMapping> All => s_all.Value;

    public static SourceMapping? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The YAML text of a built-in mapping, to start a custom one from.</summary>
    public static string Text(string name)
    {
        Assembly assembly = typeof(BuiltinMappings).Assembly;
        using Stream stream = assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.yml")
            ?? throw new ArgumentException($"no built-in mapping '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IReadOnlyList<SourceMapping> Load()
    {
        Assembly assembly = typeof(BuiltinMappings).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => SourceMappingReader.Read($"builtin/{n[ResourcePrefix.Length..]}", Text(n[ResourcePrefix.Length..^4])))
            .ToList();
    }
}
