using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>
/// Every role assignment in the compiled template, per principal, against an explicit allow-list: which identity gets
/// which role on which resource, and why. A new assignment, a different role or a wider scope fails.
/// </summary>
public sealed partial class RoleAssignmentTests
{
    private const string AppIdentity = "function app identity";
    private const string DeployingUser = "person running azd";
    private const string EventGridTopic = "Event Grid system topic";
    private const string BiReaders = "BI readers' group";
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";

    /// <summary>What each principal may hold: the role (by id), the one resource type it is scoped to, and the reason.</summary>
    private static readonly Grant[] AllowList =
    [
        new(AppIdentity, "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor", "Microsoft.Storage/storageAccounts",
            "reads landing/, writes lake/quarantine/mart/exports/state, the build lease, the host's keys and the deployment package"),
        new(AppIdentity, "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts",
            "BuildMart's queue trigger reads and deletes, the queue outputs add build requests, the blob extension's shared queue carries Event Grid blob events, and the host writes -poison queues (webjobs-blobtrigger-poison, build-requests-poison)"),
        new(AppIdentity, "3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher", "Microsoft.Insights/components",
            "Entra ID ingestion of telemetry (local auth is off)"),
        new(AppIdentity, "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", "Microsoft.KeyVault/vaults",
            "the platform resolves the Ingest__PseudonymKey Key Vault reference with this identity"),
        new(DeployingUser, "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor", "Microsoft.Storage/storageAccounts",
            "uploads extracts to landing/ and reads exports with --auth-mode login"),
        new(DeployingUser, "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", "Microsoft.KeyVault/vaults",
            "azd's secretOrRandomPassword reads the pseudonym key back on every later provision"),
        new(BiReaders, StorageBlobDataReader, "Storage Blob Data Reader", "Microsoft.Storage/storageAccounts/blobServices/containers",
            "BI tools read the mart container (database and Parquet) with Entra ID; optional (biReadersGroupId)"),
        new(BiReaders, StorageBlobDataReader, "Storage Blob Data Reader", "Microsoft.Storage/storageAccounts/blobServices/containers",
            "BI tools read the exports container with Entra ID; optional (biReadersGroupId)"),
    ];

    private readonly CompiledTemplate template = CompiledTemplate.Main;

    [Fact]
    public void Each_identity_holds_exactly_the_roles_on_the_allow_list_scoped_to_one_resource()
    {
        var granted = template.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Select(pair => Describe(pair.Resource))
            .ToList();

        Assert.All(AllowList, grant => Assert.False(string.IsNullOrWhiteSpace(grant.Reason)));
        Assert.Equal(
            AllowList.Select(g => $"{g.Principal} | {g.RoleName} | {g.ScopeType}").Order(StringComparer.Ordinal),
            granted.Select(g => $"{g.Principal} | {AllowList.FirstOrDefault(a => a.RoleId == g.RoleId)?.RoleName ?? g.RoleId} | {g.ScopeType}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_role_is_assigned_at_subscription_or_resource_group_scope()
    {
        var inMain = CompiledTemplate.Resources(template.Root).Where(r => CompiledTemplate.Type(r) == "Microsoft.Authorization/roleAssignments");
        var modules = CompiledTemplate.Resources(template.Root).Where(r => CompiledTemplate.Type(r) == "Microsoft.Resources/deployments").ToList();

        Assert.Empty(inMain);
        Assert.All(modules, module => Assert.NotNull(module["resourceGroup"]));
        Assert.All(template.ResourcesOfType("Microsoft.Authorization/roleAssignments"), pair =>
            Assert.StartsWith("[resourceId('Microsoft.", pair.Resource["scope"]?.GetValue<string>() ?? "(no scope: the whole resource group)", StringComparison.Ordinal));
    }

    [Fact]
    public void Bi_readers_group_is_optional_and_reads_the_mart_and_exports_containers_only()
    {
        var assignments = template.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(pair => pair.Resource["properties"]!["principalId"]!.GetValue<string>().Contains("biReadersGroupId", StringComparison.Ordinal))
            .ToList();
        TemplateModule module = assignments.Select(a => a.Module).Distinct().Single();
        JsonObject deployment = CompiledTemplate.Resources(template.Root)
            .Single(r => CompiledTemplate.Type(r) == "Microsoft.Resources/deployments" && r["properties"]!["template"]!.ToJsonString() == module.Template.ToJsonString());

        var scopes = assignments.Select(a => ContainerParameter().Match(a.Resource["scope"]!.GetValue<string>()).Groups["parameter"].Value)
            .Select(parameter => module.ParameterValue(parameter)?.GetValue<string>()).ToList();
        Assert.Equal(["exports", "mart"], scopes.Order(StringComparer.Ordinal));
        Assert.All(assignments, a =>
        {
            Assert.Equal("Group", a.Resource["properties"]!["principalType"]!.GetValue<string>());
            Assert.Contains(StorageBlobDataReader, a.Resource["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        Assert.Equal("[not(empty(parameters('biReadersGroupId')))]", deployment["condition"]!.GetValue<string>());
        Assert.Equal("", template.Root["parameters"]!["biReadersGroupId"]!["defaultValue"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner")]
    [InlineData("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor")]
    [InlineData("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator")]
    [InlineData("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator")]
    [InlineData("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer")]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner")]
    [InlineData("17d1049b-9a84-46fb-8f53-869881c3d3ab", "Storage Account Contributor")]
    public void No_broad_or_control_plane_role_is_granted(string roleId, string roleName)
    {
        Assert.DoesNotContain(roleId, template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AllowList, grant => grant.RoleName == roleName);
    }

    private static (string Principal, string RoleId, string ScopeType) Describe(JsonObject assignment)
    {
        string principal = assignment["properties"]!["principalId"]!.GetValue<string>();
        string role = RoleGuid().Match(assignment["properties"]!["roleDefinitionId"]!.GetValue<string>()).Value;
        string scope = assignment["scope"]?.GetValue<string>() ?? "";
        string who = principal switch
        {
            _ when principal.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal) => AppIdentity,
            _ when principal.Contains("parameters('userPrincipalId')", StringComparison.Ordinal) => DeployingUser,
            _ when principal.Contains("Microsoft.EventGrid/systemTopics", StringComparison.Ordinal) => EventGridTopic,
            _ when principal.Contains("parameters('biReadersGroupId')", StringComparison.Ordinal) => BiReaders,
            _ => $"unknown principal {principal}",
        };
        string scopeType = ScopeType().Match(scope) is { Success: true } m ? m.Groups["type"].Value : $"unscoped ({scope})";
        return (who, role, scopeType);
    }

    private sealed record Grant(string Principal, string RoleId, string RoleName, string ScopeType, string Reason);

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)'")]
    private static partial Regex ScopeType();

    /// <summary>The container-name parameter of a container-scoped assignment's resourceId(...).</summary>
    [GeneratedRegex(@"blobServices/containers', parameters\('storageAccountName'\), 'default', parameters\('(?<parameter>[^']+)'\)\)\]$")]
    private static partial Regex ContainerParameter();
}
