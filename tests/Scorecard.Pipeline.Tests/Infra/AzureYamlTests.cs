using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>azure.yaml parses and names the one function service azd deploys.</summary>
public sealed class AzureYamlTests
{
    private static YamlMappingNode ReadAzureYaml()
    {
        using var reader = new StreamReader(RepositoryRoot.File("azure.yaml"));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlMappingNode mapping, string key) =>
        ((YamlScalarNode)mapping.Children[new YamlScalarNode(key)]).Value!;

    [Fact]
    public void Azure_yaml_starts_with_the_azd_schema_comment()
    {
        var firstLine = File.ReadLines(RepositoryRoot.File("azure.yaml")).First();

        Assert.StartsWith("# yaml-language-server: $schema=", firstLine, StringComparison.Ordinal);
        Assert.EndsWith("azure.yaml.json", firstLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_yaml_declares_one_function_service_published_with_dotnet()
    {
        var root = ReadAzureYaml();

        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        var (key, value) = Assert.Single(services.Children);
        var service = (YamlMappingNode)value;

        Assert.False(string.IsNullOrWhiteSpace(Scalar(root, "name")));
        Assert.Equal("functions", ((YamlScalarNode)key).Value);
        Assert.Equal("function", Scalar(service, "host"));
        Assert.Equal("dotnet", Scalar(service, "language"));
    }

    [Fact]
    public void Azure_yaml_service_points_at_the_function_app_project()
    {
        var services = (YamlMappingNode)ReadAzureYaml().Children[new YamlScalarNode("services")];
        var service = (YamlMappingNode)services.Children[new YamlScalarNode("functions")];

        var project = Scalar(service, "project");
        var folder = RepositoryRoot.File(project.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".").ToArray());

        Assert.Equal("./functions/Scorecard.Functions", project);
        // The function app is written on its own branch; once it is merged, its folder must hold the project.
        if (Directory.Exists(folder))
        {
            Assert.True(File.Exists(Path.Combine(folder, "Scorecard.Functions.csproj")), $"{folder} has no Scorecard.Functions.csproj");
        }
    }

    [Fact]
    public void Azure_yaml_runs_the_post_deploy_hook_script_and_no_other_hook()
    {
        var root = ReadAzureYaml();

        var hooks = (YamlMappingNode)root.Children[new YamlScalarNode("hooks")];
        var (name, hook) = Assert.Single(hooks.Children);
        var posix = (YamlMappingNode)((YamlMappingNode)hook).Children[new YamlScalarNode("posix")];
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];

        Assert.Equal("postdeploy", ((YamlScalarNode)name).Value);
        Assert.Equal("sh", Scalar(posix, "shell"));
        Assert.Equal("./infra/hooks/postdeploy.sh", Scalar(posix, "run"));
        Assert.True(File.Exists(RepositoryRoot.File("infra", "hooks", "postdeploy.sh")));
        Assert.All(services.Children.Values, service => Assert.False(((YamlMappingNode)service).Children.ContainsKey(new YamlScalarNode("hooks"))));
    }
}
