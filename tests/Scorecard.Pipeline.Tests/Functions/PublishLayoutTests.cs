using System.Diagnostics;
using System.Text.Json;
using Scorecard.Pipeline.Tests.Functions.Host;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// A plain <c>dotnet publish</c> (what azd runs) gives what Flex's dotnet-isolated host expects at the app root:
/// host.json, functions.metadata, worker.config.json, extensions.json and .azurefunctions/, framework-dependent for
/// linux-x64 (only Linux's libduckdb). Takes about half a minute: it is a real publish.
/// </summary>
public sealed class PublishLayoutTests : IDisposable
{
    private readonly TempFolder _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task A_plain_publish_is_a_linux_x64_framework_dependent_isolated_worker_app()
    {
        (int exitCode, string log) = await PublishAsync(_output.Path);

        Assert.True(exitCode == 0, log);
        foreach (string file in new[] { "host.json", "functions.metadata", "extensions.json", "Scorecard.Functions.dll", "libduckdb.so", Path.Combine("sql", "kpis.yml") })
        {
            Assert.True(File.Exists(Path.Combine(_output.Path, file)), $"{file} is missing from the publish output");
        }

        Assert.True(Directory.Exists(Path.Combine(_output.Path, ".azurefunctions")), "the host-side extensions (.azurefunctions/) are missing");
        using JsonDocument worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output.Path, "worker.config.json")));
        JsonElement description = worker.RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("Scorecard.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        using JsonDocument runtime = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output.Path, "Scorecard.Functions.runtimeconfig.json")));
        Assert.False(runtime.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _), "the publish is self-contained");
        Assert.False(Directory.Exists(Path.Combine(_output.Path, "runtimes")), "other platforms' native libraries were published");
        Assert.False(File.Exists(Path.Combine(_output.Path, "local.settings.json")), "local settings must not be published");
    }

    [Fact]
    public void The_tests_drive_the_same_layout_as_the_publish()
    {
        Assert.True(File.Exists(PublishedWorker.Assembly));
        Assert.True(File.Exists(GeneratedMetadata.FilePath));
        Assert.True(File.Exists(Path.Combine(PublishedWorker.Folder, "libduckdb.so")));
    }

    private static async Task<(int ExitCode, string Log)> PublishAsync(string output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (string arg in new[] { "publish", "functions/Scorecard.Functions", "-c", "Release", "-o", output, "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
