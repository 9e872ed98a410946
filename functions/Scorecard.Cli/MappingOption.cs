using System.CommandLine;
using Scorecard.Pipeline.Mapping;

namespace Scorecard.Cli;

/// <summary><c>--mapping</c>: a built-in mapping name or the path of a mapping YAML file.</summary>
internal static class MappingOption
{
    public static Option<string?> Create(bool required) => new("--mapping")
    {
        Description = "Source mapping: a built-in name (see 'scorecard mappings') or the path of a mapping .yml file " +
            "(README, section \"Source mappings\").",
        Required = required,
    };

    /// <summary>The mapping as a file or built-in; null when the value is neither (it may still name one in the store).</summary>
    public static SourceMapping? ResolveLocal(string value)
    {
        if (value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            string path = Path.GetFullPath(value);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"mapping file {path} does not exist");
            }

            SourceMapping mapping = SourceMappingReader.Read(value, File.ReadAllText(path));
            return BuiltinMappings.Find(mapping.Name) is null
                ? mapping
                : throw new InvalidOperationException($"{value}: name '{mapping.Name}' is a built-in mapping; give the custom one another name");
        }

        return BuiltinMappings.Find(value);
    }

    public static string Unknown(string value) =>
        $"no mapping '{value}' (built-in: {string.Join(", ", BuiltinMappings.All.Select(m => m.Name))}; or give a .yml file)";
}
