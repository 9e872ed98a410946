namespace Scorecard.Pipeline.Tests.Cli;

/// <summary>
/// One run of <c>scorecard demo</c> on a tiny sample (two days, six agents, sixty contacts a day) into a fresh store,
/// shared by the tests that read what the demo prints.
/// </summary>
public sealed class TinyDemo : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public ScorecardProcess.Result Result { get; private set; } = new(-1, "", "");

    /// <summary>Everything the demo printed, standard output then standard error.</summary>
    public string Printed => Result.Output + Result.Error;

    public async ValueTask InitializeAsync() =>
        Result = await ScorecardProcess.RunAsync(
            "demo", "--store", _folder.File("store"), "--days", "2", "--agents", "6", "--contacts-per-day", "60", "--start", "2026-10-01");

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
