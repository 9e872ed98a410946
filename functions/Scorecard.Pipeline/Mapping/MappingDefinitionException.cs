namespace Scorecard.Pipeline.Mapping;

/// <summary>A source mapping file that cannot be used: names the file, the line, the key (its path in the YAML) and
/// what was expected there.</summary>
public sealed class MappingDefinitionException(string file, int line, string keyPath, string expected)
    : Exception($"{file} line {line}: key '{keyPath}': {expected}")
{
    public string File => file;

    public string KeyPath => keyPath;
}
