using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Scorecard.Benchmarks.FunctionsHost;

namespace Scorecard.Benchmarks;

/// <summary>
/// Cold start of the function app's isolated worker, measured the way the Functions host sees it: start the published
/// app (<c>dotnet Scorecard.Functions.dll</c>) against a stand-in host (<see cref="FunctionWorker"/>), time its gRPC
/// connection, every function loaded (when the host could send the first invocation), the first invocation answered
/// (Health over HTTP, which reads the store) and a second one (warm). Each run is a new process on a local-folder store.
/// </summary>
public static class ColdStartBenchmark
{
    /// <summary>Wall times from process start, and the worker's CPU time (user + system) up to each point: CPU time is
    /// what to compare on a busy machine, where wall time mostly measures waiting for a core.</summary>
    public sealed record Measurement(
        double ConnectedMs, double LoadedMs, double FirstRequestMs, double WarmRequestMs, double PeakMemoryMb, double LoadedCpuMs, double FirstRequestCpuMs);

    /// <summary>One cold start of the app published in <paramref name="appFolder"/>.</summary>
    public static async Task<Measurement> RunAsync(string appFolder, string storeFolder, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["ScorecardStorage"] = storeFolder,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using FunctionWorker worker = await FunctionWorker.StartAsync(appFolder, settings);
        double loadedCpuMs = worker.CpuTime.TotalMilliseconds;
        var sinceLoaded = Stopwatch.StartNew();
        await InvokeHealthAsync(worker);
        double firstMs = worker.FunctionsLoaded.TotalMilliseconds + sinceLoaded.Elapsed.TotalMilliseconds;
        double firstCpuMs = worker.CpuTime.TotalMilliseconds;
        var warm = Stopwatch.StartNew();
        await InvokeHealthAsync(worker);
        double warmMs = warm.Elapsed.TotalMilliseconds;
        cancellationToken.ThrowIfCancellationRequested();
        return new Measurement(worker.Connected.TotalMilliseconds, worker.FunctionsLoaded.TotalMilliseconds, firstMs, warmMs,
            worker.PeakWorkingSet / (1024.0 * 1024.0), loadedCpuMs, firstCpuMs);
    }

    public static string Report(string appFolder, IReadOnlyList<Measurement> runs)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }

        double connected = Median(runs.Select(r => r.ConnectedMs));
        double loaded = Median(runs.Select(r => r.LoadedMs));
        double first = Median(runs.Select(r => r.FirstRequestMs));
        double warm = Median(runs.Select(r => r.WarmRequestMs));
        double loadedCpu = Median(runs.Select(r => r.LoadedCpuMs));
        double firstCpu = Median(runs.Select(r => r.FirstRequestCpuMs));
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Cold start of the worker in {appFolder}, medians of {runs.Count} runs (each a new process):");
        report.AppendLine(CultureInfo.InvariantCulture, $"  process start -> gRPC stream open        {connected,8:0} ms");
        report.AppendLine(CultureInfo.InvariantCulture, $"  process start -> functions loaded        {loaded,8:0} ms  (worker CPU {loadedCpu:0} ms)");
        report.AppendLine(CultureInfo.InvariantCulture, $"  process start -> first invocation done   {first,8:0} ms  (worker CPU {firstCpu:0} ms)");
        report.AppendLine(CultureInfo.InvariantCulture, $"  second invocation (warm)                 {warm,8:0.0} ms");
        var summary = new Dictionary<string, object>
        {
            ["app"] = appFolder,
            ["runs"] = runs.Count,
            ["connected_ms"] = Math.Round(connected, 1),
            ["ready_ms"] = Math.Round(loaded, 1),
            ["first_request_ms"] = Math.Round(first, 1),
            ["warm_request_ms"] = Math.Round(warm, 1),
            ["ready_cpu_ms"] = Math.Round(loadedCpu, 1),
            ["first_request_cpu_ms"] = Math.Round(firstCpu, 1),
            ["ready_ms_all"] = runs.Select(r => Math.Round(r.LoadedMs)).ToArray(),
            ["peak_memory_mb"] = Math.Round(runs.Max(r => r.PeakMemoryMb), 1),
        };
        report.Append(JsonSerializer.Serialize(summary));
        return report.ToString();
    }

    private static async Task InvokeHealthAsync(FunctionWorker worker)
    {
        HttpAnswer answer = await worker.InvokeHttpAsync("Health");
        if (!answer.Invocation.Succeeded || answer.Status != HttpStatusCode.OK || !answer.Body.Contains("healthy", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Health answered {(int)answer.Status}: {answer.Body} {answer.Invocation.Error}");
        }
    }
}
