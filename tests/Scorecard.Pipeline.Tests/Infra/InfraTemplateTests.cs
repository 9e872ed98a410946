using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>Checks on the ARM JSON compiled from infra/main.bicep: what azd and the function app rely on.</summary>
public sealed partial class InfraTemplateTests
{
    // The only roles anything in infra/ may be given, all data-plane and least-privilege.
    private static readonly Dictionary<string, string> AllowedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
    };

    private static readonly string[] DataContainers = ["landing", "lake", "quarantine", "mart", "exports", "state"];

    private static readonly string[] Queues = ["build-requests", "webjobs-blobtrigger-poison"];

    private readonly CompiledTemplate template = CompiledTemplate.Main;

    [Fact]
    public void Storage_account_refuses_shared_keys_old_tls_and_public_blobs()
    {
        var (_, storage) = Assert.Single(template.ResourcesOfType("Microsoft.Storage/storageAccounts"));

        var properties = storage["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void Storage_has_the_six_pipeline_containers_and_the_deployment_package_container_all_private()
    {
        var containers = template.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();

        var names = containers.SelectMany(pair => CompiledTemplate.LeafNames(pair.Resource, pair.Module.Template)).ToList();

        Assert.All(DataContainers, container => Assert.Contains(container, names));
        Assert.Contains("parameters('deploymentContainerName')", names);
        Assert.Equal(DataContainers.Length + 1, names.Count);
        Assert.All(containers, pair => Assert.Equal("None", pair.Resource["properties"]?["publicAccess"]?.GetValue<string>()));
    }

    [Fact]
    public void Storage_has_the_ingest_and_build_queues()
    {
        var names = template.ResourcesOfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .SelectMany(pair => CompiledTemplate.LeafNames(pair.Resource, pair.Module.Template))
            .ToList();

        Assert.Equal(Queues.Order(), names.Order());
    }

    [Fact]
    public void Function_app_runs_on_flex_consumption_dotnet_isolated_10_as_its_user_assigned_identity()
    {
        var (_, plan) = Assert.Single(template.ResourcesOfType("Microsoft.Web/serverfarms"));
        var (module, site) = Assert.Single(template.ResourcesOfType("Microsoft.Web/sites"));

        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", site["kind"]!.GetValue<string>());
        Assert.Equal("blobContainer", config["deployment"]!["storage"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.NotNull(config["scaleAndConcurrency"]!["instanceMemoryMB"]);
        Assert.NotNull(config["scaleAndConcurrency"]!["maximumInstanceCount"]);
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.NotNull(module);
    }

    [Fact]
    public void Function_app_carries_the_azd_service_tag_of_the_functions_service()
    {
        var (module, site) = Assert.Single(template.ResourcesOfType("Microsoft.Web/sites"));

        var tags = site["tags"]!.GetValue<string>();

        Assert.Contains("'azd-service-name', parameters('serviceName')", tags, StringComparison.Ordinal);
        Assert.Equal("[variables('functionServiceName')]", module.ParameterValue("serviceName")!.GetValue<string>());
        Assert.Equal("functions", template.Root["variables"]!["functionServiceName"]!.GetValue<string>());
    }

    [Fact]
    public void App_settings_connect_to_storage_and_telemetry_by_identity_only()
    {
        var settings = AppSettings();

        foreach (var connection in new[] { "AzureWebJobsStorage", "ScorecardStorage" })
        {
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.Contains($"{connection}__clientId", settings.Keys);
            Assert.Contains($"{connection}__blobServiceUri", settings.Keys);
            Assert.Contains($"{connection}__queueServiceUri", settings.Keys);
        }

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("ScorecardStorage", settings.Keys);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
    }

    [Theory]
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessSignature")]
    [InlineData("DefaultEndpointsProtocol")]
    [InlineData("listKeys(")]
    [InlineData("listAccountSas(")]
    [InlineData("listServiceSas(")]
    public void Nothing_in_the_template_carries_a_storage_key_or_sas(string secretMarker)
    {
        var settings = AppSettings();

        Assert.All(settings, setting => Assert.DoesNotContain(secretMarker, setting.Value, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(secretMarker, template.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_role_assignment_grants_an_allowed_least_privilege_role()
    {
        var assignments = template.ResourcesOfType("Microsoft.Authorization/roleAssignments").ToList();

        var granted = assignments
            .Select(pair => pair.Resource["properties"]!["roleDefinitionId"]!.GetValue<string>())
            .Select(roleDefinitionId => RoleGuid().Match(roleDefinitionId))
            .ToList();

        Assert.NotEmpty(assignments);
        Assert.All(granted, match =>
        {
            Assert.True(match.Success, "every roleDefinitionId names its role GUID literally");
            Assert.True(AllowedRoles.ContainsKey(match.Value), $"role {match.Value} is not on the allowed list");
        });
        Assert.Equal(AllowedRoles.Keys.Order(StringComparer.OrdinalIgnoreCase), granted.Select(match => match.Value).Distinct().Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Application_insights_accepts_entra_id_ingestion_only()
    {
        var (_, component) = Assert.Single(template.ResourcesOfType("Microsoft.Insights/components"));
        var (_, workspace) = Assert.Single(template.ResourcesOfType("Microsoft.OperationalInsights/workspaces"));

        Assert.True(component["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.NotNull(component["properties"]!["WorkspaceResourceId"]);
        Assert.NotNull(workspace);
    }

    [Fact]
    public void Event_grid_has_the_storage_accounts_system_topic_and_leaves_the_webhook_subscription_to_the_post_deploy_hook()
    {
        var (_, topic) = Assert.Single(template.ResourcesOfType("Microsoft.EventGrid/systemTopics"));

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic["properties"]!["topicType"]!.GetValue<string>());
        Assert.Empty(template.ResourcesOfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
    }

    [Fact]
    public void Placeholder_specialisation_is_off_for_the_dotnet_10_worker()
    {
        Assert.Equal("0", AppSettings()["WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED"]);
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_NAME")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("SERVICE_FUNCTIONS_NAME")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID")]
    [InlineData("SERVICE_FUNCTIONS_URI")]
    [InlineData("AZURE_EVENTGRID_SYSTEM_TOPIC_NAME")]
    [InlineData("AZURE_EVENTGRID_SUBSCRIPTION_NAME")]
    [InlineData("AZURE_INGEST_FUNCTION_NAME")]
    [InlineData("AZURE_LANDING_CONTAINER")]
    public void Main_outputs_what_azd_and_the_readme_use(string output)
    {
        var outputs = template.Root["outputs"]!.AsObject();

        Assert.Contains(output, outputs.Select(pair => pair.Key));
    }

    [Fact]
    public void Main_outputs_are_upper_snake_case()
    {
        var outputs = template.Root["outputs"]!.AsObject().Select(pair => pair.Key).ToList();

        Assert.All(outputs, output => Assert.Matches(UpperSnake(), output));
    }

    [Fact]
    public void Every_parameter_of_main_and_its_modules_has_a_description()
    {
        var parameters = template.Templates
            .SelectMany(each => each["parameters"]?.AsObject() ?? [])
            .ToList();

        Assert.NotEmpty(parameters);
        Assert.All(parameters, parameter =>
            Assert.False(
                string.IsNullOrWhiteSpace(parameter.Value?["metadata"]?["description"]?.GetValue<string>()),
                $"parameter {parameter.Key} has no @description"));
    }

    [Fact]
    public void Parameters_file_maps_the_azd_environment_onto_main_parameters()
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryRoot.File("infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var mainParameters = template.Root["parameters"]!.AsObject();

        var values = file.ToDictionary(pair => pair.Key, pair => pair.Value!["value"]!.GetValue<string>());

        Assert.Equal("${AZURE_ENV_NAME}", values["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", values["location"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", values["principalId"]);
        Assert.All(values.Keys, name => Assert.True(mainParameters.ContainsKey(name), $"main.bicep has no parameter {name}"));
    }

    [Fact]
    public void Main_deploys_at_subscription_scope_into_its_own_resource_group()
    {
        var schema = template.Root["$schema"]!.GetValue<string>();

        Assert.Contains("subscriptionDeploymentTemplate", schema, StringComparison.Ordinal);
        Assert.Single(CompiledTemplate.Resources(template.Root), resource => CompiledTemplate.Type(resource) == "Microsoft.Resources/resourceGroups");
    }

    private Dictionary<string, string> AppSettings()
    {
        var (_, site) = Assert.Single(template.ResourcesOfType("Microsoft.Web/sites"));
        return site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(setting => setting!["name"]!.GetValue<string>(), setting => setting!["value"]!.GetValue<string>());
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex RoleGuid();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex UpperSnake();
}
