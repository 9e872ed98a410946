using System.Diagnostics;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// The built <c>scorecard</c> as a child process that a test can also kill (SIGKILL to the whole process tree) or arm
/// with a <see cref="FaultPoint"/> so that it kills itself at a named step.
/// </summary>
public sealed class ScorecardChild : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private ScorecardChild(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public const string ContainerPrefixVariable = "Storage__ContainerPrefix";

    /// <summary>Environment variables for the child, on top of the test process's own.</summary>
    public sealed record Settings(IReadOnlyDictionary<string, string> Values)
    {
        public static readonly Settings None = new(new Dictionary<string, string>());

        /// <summary>An Azure store's containers under <paramref name="prefix"/>.</summary>
        public static Settings ContainerPrefix(string prefix) => new(new Dictionary<string, string> { [ContainerPrefixVariable] = prefix });
    }

    public sealed record Outcome(int ExitCode, string Output, string Error, bool Killed)
    {
        public override string ToString() => $"exit {ExitCode}{(Killed ? " (killed)" : "")}\nstdout: {Output}\nstderr: {Error}";
    }

    /// <summary>Starts <c>scorecard &lt;args&gt;</c>; <paramref name="killAfter"/> arms <see cref="FaultPoint.Variable"/>.</summary>
    public static ScorecardChild Start(string? killAfter, params string[] args) => Start(killAfter, Settings.None, args);

    /// <summary>Starts <c>scorecard &lt;args&gt;</c> with <paramref name="settings"/> as environment variables (e.g. <c>Storage__ContainerPrefix</c>).</summary>
    public static ScorecardChild Start(string? killAfter, Settings settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scorecard.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("SCORECARD_STORE");
        start.Environment.Remove(FaultPoint.Variable);
        start.Environment.Remove(ContainerPrefixVariable);
        foreach (var (name, value) in settings.Values)
        {
            start.Environment[name] = value;
        }

        // A deliberate crash must not spend seconds writing a dump.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        if (killAfter is not null)
        {
            start.Environment[FaultPoint.Variable] = killAfter;
        }

        return new ScorecardChild(Process.Start(start)!);
    }

    /// <summary>Runs <c>scorecard &lt;args&gt;</c> to its end.</summary>
    public static Task<Outcome> RunAsync(string? killAfter, params string[] args) => RunAsync(killAfter, Settings.None, args);

    /// <summary>Runs <c>scorecard &lt;args&gt;</c> to its end with <paramref name="settings"/> as environment variables.</summary>
    public static async Task<Outcome> RunAsync(string? killAfter, Settings settings, params string[] args)
    {
        using ScorecardChild child = Start(killAfter, settings, args);
        return await child.WaitAsync();
    }

    /// <summary>Kills the process tree now (SIGKILL): no clean-up code of ours runs.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    public async Task<Outcome> WaitAsync(bool killed = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _process.WaitForExitAsync(timeout.Token);
        return new Outcome(_process.ExitCode, await _output, await _error, killed);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
