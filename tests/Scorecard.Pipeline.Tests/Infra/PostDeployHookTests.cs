using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scorecard.Pipeline.Tests.Functions.Host;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>
/// infra/hooks/postdeploy.sh, which subscribes IngestExtract's blob webhook to Event Grid after each deploy: clean
/// under shellcheck (as POSIX sh, how azd runs it), reading only values azd has (main.bicep outputs), and pointing
/// at the function and container the generated functions.metadata has. What it does in Azure is a first-deployment
/// check (infra/README.md).
/// </summary>
public sealed partial class PostDeployHookTests
{
    private static readonly string Script = RepositoryRoot.File("infra", "hooks", "postdeploy.sh");

    [Fact]
    public async Task The_hook_passes_shellcheck_as_posix_sh()
    {
        if (!ToolExists("shellcheck"))
        {
            Assert.Skip("shellcheck is not installed (Debian package shellcheck; ./test.sh installs it when run as root).");
        }

        var start = new ProcessStartInfo("shellcheck") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "--shell=sh", "--severity=style", Script })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string report = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, report);
    }

    [Fact]
    public void The_hook_reads_only_outputs_of_main_bicep()
    {
        var outputs = CompiledTemplate.Main.Root["outputs"]!.AsObject().Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);

        var used = AzdVariable().Matches(File.ReadAllText(Script)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(used);
        Assert.All(used, variable => Assert.Contains(variable, outputs));
    }

    [Fact]
    public void The_hook_subscribes_the_event_grid_blob_trigger_on_the_container_it_watches()
    {
        var outputs = CompiledTemplate.Main.Root["outputs"]!;
        var (function, bindings) = Assert.Single(GeneratedMetadata.ByFunction(), f => f.Value.Any(b => GeneratedMetadata.Text(b, "type") == "blobTrigger"));
        JsonElement trigger = bindings.Single(b => GeneratedMetadata.Text(b, "type") == "blobTrigger");
        string script = File.ReadAllText(Script);

        Assert.Equal("EventGrid", GeneratedMetadata.Text(trigger, "source"));
        Assert.Equal(function, outputs["AZURE_INGEST_FUNCTION_NAME"]!["value"]!.GetValue<string>());
        Assert.Equal(GeneratedMetadata.Text(trigger, "path")!.Split('/')[0], outputs["AZURE_LANDING_CONTAINER"]!["value"]!.GetValue<string>());
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${key}", script, StringComparison.Ordinal);
        Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", script, StringComparison.Ordinal);
        Assert.Contains("--subject-begins-with \"/blobServices/default/containers/${landing_container}/\"", script, StringComparison.Ordinal);
        Assert.Contains("--output none", script, StringComparison.Ordinal);
    }

    private static bool ToolExists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, name)));

    [GeneratedRegex(@"\$\{((?:AZURE|SERVICE)_[A-Z0-9_]+)")]
    private static partial Regex AzdVariable();
}
