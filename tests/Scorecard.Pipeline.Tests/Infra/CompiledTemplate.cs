using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>
/// infra/main.bicep compiled once to ARM JSON, with the resources of every nested module deployment
/// flattened so tests can look them up by type.
/// </summary>
public sealed partial class CompiledTemplate
{
    private CompiledTemplate(BicepRun build, string json)
    {
        Build = build;
        Json = json;
        Root = JsonNode.Parse(json)!.AsObject();
        Modules = Resources(Root)
            .Where(resource => Type(resource) == "Microsoft.Resources/deployments")
            .Select(deployment => new TemplateModule(
                deployment["properties"]!["parameters"]?.AsObject() ?? [],
                deployment["properties"]!["template"]!.AsObject()))
            .ToList();
    }

    public static CompiledTemplate Main { get; } = Compile();

    public BicepRun Build { get; }

    /// <summary>The compiled ARM JSON as text.</summary>
    public string Json { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<TemplateModule> Modules { get; }

    /// <summary>Every resource of the given type in main or any module, with the module it sits in.</summary>
    public IEnumerable<(TemplateModule Module, JsonObject Resource)> ResourcesOfType(string type) =>
        Modules.SelectMany(module => Resources(module.Template)
            .Where(resource => string.Equals(Type(resource), type, StringComparison.OrdinalIgnoreCase))
            .Select(resource => (module, resource)));

    /// <summary>Every template: main and each module's.</summary>
    public IEnumerable<JsonObject> Templates => Modules.Select(module => module.Template).Prepend(Root);

    public static IEnumerable<JsonObject> Resources(JsonObject template) =>
        template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject symbolic => symbolic.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };

    public static string Type(JsonObject resource) => resource["type"]!.GetValue<string>();

    /// <summary>
    /// The last segment of a child resource's name: a literal, or every value of the variable array a
    /// copy loop iterates over, or "parameters('x')" when it comes from a parameter.
    /// </summary>
    public static IReadOnlyList<string> LeafNames(JsonObject resource, JsonObject template)
    {
        var name = resource["name"]!.GetValue<string>();
        if (LoopVariable().Match(name) is { Success: true } loop)
        {
            return template["variables"]![loop.Groups["name"].Value]!.AsArray().Select(node => node!.GetValue<string>()).ToList();
        }

        if (LastLiteral().Match(name) is { Success: true } literal)
        {
            return [literal.Groups["value"].Value];
        }

        if (LastParameter().Match(name) is { Success: true } parameter)
        {
            return [$"parameters('{parameter.Groups["name"].Value}')"];
        }

        return [name];
    }

    private static CompiledTemplate Compile()
    {
        var outputFolder = Directory.CreateTempSubdirectory("scorecard-bicep-").FullName;
        try
        {
            var outputFile = Path.Combine(outputFolder, "main.json");
            var build = BicepCli.Run("build", "infra/main.bicep", "--outfile", outputFile);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build infra/main.bicep failed: {build}");
            }

            return new CompiledTemplate(build, File.ReadAllText(outputFile));
        }
        finally
        {
            Directory.Delete(outputFolder, recursive: true);
        }
    }

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)\[copyIndex\(\)\]\)\]$")]
    private static partial Regex LoopVariable();

    [GeneratedRegex(@"'(?<value>[^']*)'\)\]$")]
    private static partial Regex LastLiteral();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)\)?\]$")]
    private static partial Regex LastParameter();
}
