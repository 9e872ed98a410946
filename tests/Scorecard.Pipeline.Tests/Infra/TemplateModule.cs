using System.Text.Json.Nodes;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>One module of the compiled template: the parameter values main passes and the module's own template.</summary>
public sealed record TemplateModule(JsonObject Parameters, JsonObject Template)
{
    /// <summary>The value main passes for a parameter, or the module's default when main passes none.</summary>
    public JsonNode? ParameterValue(string name) =>
        Parameters[name]?["value"] ?? Template["parameters"]?[name]?["defaultValue"];
}
