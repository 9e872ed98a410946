namespace Scorecard.Benchmarks.FunctionsHost;

/// <summary>The worker process ended (or closed its stream) before answering: what a crash looks like to the host.</summary>
public sealed class WorkerExitedException(string message) : Exception(message);
