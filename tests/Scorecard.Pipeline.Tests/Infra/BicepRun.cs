namespace Scorecard.Pipeline.Tests.Infra;

/// <summary>What one bicep CLI run left behind: its exit code and everything it printed.</summary>
public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostics (errors, warnings, infos) go to stderr; a clean run prints nothing there.</summary>
    public bool IsClean => ExitCode == 0 && string.IsNullOrWhiteSpace(StandardError);

    public override string ToString() => $"exit code {ExitCode}{Environment.NewLine}{StandardError}{StandardOutput}";
}
