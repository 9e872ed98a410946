using System.Diagnostics;
using System.Reflection;

namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>
/// Runs the bicep CLI restored from the NuGet package Azure.Bicep.CommandLine.linux-x64 (its path is
/// written into this assembly's metadata at build time).
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string ExecutablePath { get; } = FindExecutable();

    public static BicepRun Run(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // No telemetry and no update checks: the tests run offline.
        startInfo.Environment["BICEP_TELEMETRY_DISABLED"] = "true";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepRun(process.ExitCode, standardOutput.Result, standardError.Result);
    }

    private static string FindExecutable()
    {
        var path = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The bicep CLI was not found at '{path}'. It comes from the package Azure.Bicep.CommandLine.linux-x64 (see Directory.Packages.props); run dotnet restore.");
        }

        return path;
    }
}
