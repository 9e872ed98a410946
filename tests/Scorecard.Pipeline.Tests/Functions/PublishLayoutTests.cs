using System.Diagnostics;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// <c>dotnet publish -r linux-x64 --self-contained</c> gives what the Functions host (Flex <c>custom</c> runtime)
/// expects at the app root: host.json, one folder per function with its function.json, and an executable handler.
/// Takes about half a minute: it is a real publish.
/// </summary>
public sealed class PublishLayoutTests : IDisposable
{
    private readonly TempFolder _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task A_self_contained_linux_publish_has_host_json_function_folders_and_an_executable_handler()
    {
        (int exitCode, string log) = await PublishAsync(_output.Path);

        Assert.True(exitCode == 0, log);
        Assert.True(File.Exists(Path.Combine(_output.Path, "host.json")));
        Assert.All(new[] { "IngestExtract", "BuildMart", "Scorecard", "Health", "NightlyMart" },
            function => Assert.True(File.Exists(Path.Combine(_output.Path, function, "function.json")), $"{function}/function.json is missing"));
        string handler = Path.Combine(_output.Path, "scorecard-handler");
        Assert.True(File.Exists(handler), "the handler executable is missing");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(handler).HasFlag(UnixFileMode.UserExecute), "the handler has no execute bit");
        }

        Assert.True(File.Exists(Path.Combine(_output.Path, "libduckdb.so")), "DuckDB's native library for linux-x64 is missing");
        Assert.True(File.Exists(Path.Combine(_output.Path, "sql", "kpis.yml")), "the SQL models are missing");
        Assert.False(File.Exists(Path.Combine(_output.Path, "local.settings.json")), "local settings must not be published");
    }

    private static async Task<(int ExitCode, string Log)> PublishAsync(string output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (string arg in new[] { "publish", "functions/Scorecard.Functions", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-nologo" })
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
