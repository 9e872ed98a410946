using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Scorecard.Benchmarks;

/// <summary>
/// Cold start of the function app's custom handler, measured the way the Functions host sees it: start the process
/// with <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, poll <c>GET /</c> until it answers (ready), then send the first real
/// invocation (<c>POST /Health</c>, which reads the store) and a second one (warm). Each run is a new process on a
/// local-folder store.
/// </summary>
public static class ColdStartBenchmark
{
    /// <summary>Wall times from process start, and the handler's CPU time (user + system) up to each point: CPU time
    /// is what to compare on a busy machine, where wall time mostly measures waiting for a core.</summary>
    public sealed record Measurement(
        double ReadyMs, double FirstRequestMs, double WarmRequestMs, double PeakMemoryMb, double ReadyCpuMs = 0, double FirstRequestCpuMs = 0);

    /// <summary>An HTTP-trigger invocation as the host sends it.</summary>
    private const string HealthPayload =
        """{"Data":{"req":{"Url":"http://localhost:7071/api/Health","Method":"GET","Query":{},"Headers":{},"Params":{},"Body":""}},"Metadata":{"sys":{"MethodName":"Health"}}}""";

    /// <summary>One cold start of <paramref name="handler"/> (an executable, or a .dll run with <c>dotnet</c>).</summary>
    public static async Task<Measurement> RunAsync(string handler, string storeFolder, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        int port = FreePort();
        bool dll = handler.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? "dotnet" : handler)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(handler))!,
        };
        if (dll)
        {
            start.ArgumentList.Add(handler);
        }

        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["ScorecardStorage"] = storeFolder;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the handler exited with code {process.ExitCode}: {errors}");
                }

                try
                {
                    using HttpResponseMessage ready = await client.GetAsync("", cancellationToken);
                    break;
                }
                catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(2, cancellationToken);
                }
            }

            double readyMs = clock.Elapsed.TotalMilliseconds;
            double readyCpuMs = CpuMs(process);
            await InvokeHealthAsync(client, cancellationToken);
            double firstMs = clock.Elapsed.TotalMilliseconds;
            double firstCpuMs = CpuMs(process);
            var warm = Stopwatch.StartNew();
            await InvokeHealthAsync(client, cancellationToken);
            double warmMs = warm.Elapsed.TotalMilliseconds;
            process.Refresh();
            double peak = process.PeakWorkingSet64 / (1024.0 * 1024.0);
            return new Measurement(readyMs, firstMs, warmMs, peak, readyCpuMs, firstCpuMs);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    public static string Report(string handler, IReadOnlyList<Measurement> runs)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }

        double ready = Median(runs.Select(r => r.ReadyMs));
        double first = Median(runs.Select(r => r.FirstRequestMs));
        double warm = Median(runs.Select(r => r.WarmRequestMs));
        double readyCpu = Median(runs.Select(r => r.ReadyCpuMs));
        double firstCpu = Median(runs.Select(r => r.FirstRequestCpuMs));
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Cold start of {handler}, medians of {runs.Count} runs (each a new process):");
        report.AppendLine(CultureInfo.InvariantCulture, $"  process start -> GET / answered     {ready,8:0} ms  (handler CPU {readyCpu:0} ms)");
        report.AppendLine(CultureInfo.InvariantCulture, $"  process start -> first invocation   {first,8:0} ms  (handler CPU {firstCpu:0} ms)");
        report.AppendLine(CultureInfo.InvariantCulture, $"  second invocation (warm)            {warm,8:0.0} ms");
        var summary = new Dictionary<string, object>
        {
            ["handler"] = handler,
            ["runs"] = runs.Count,
            ["ready_ms"] = Math.Round(ready, 1),
            ["first_request_ms"] = Math.Round(first, 1),
            ["warm_request_ms"] = Math.Round(warm, 1),
            ["ready_cpu_ms"] = Math.Round(readyCpu, 1),
            ["first_request_cpu_ms"] = Math.Round(firstCpu, 1),
            ["ready_ms_all"] = runs.Select(r => Math.Round(r.ReadyMs)).ToArray(),
            ["peak_memory_mb"] = Math.Round(runs.Max(r => r.PeakMemoryMb), 1),
        };
        report.Append(JsonSerializer.Serialize(summary));
        return report.ToString();
    }

    private static double CpuMs(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static async Task InvokeHealthAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var content = new StringContent(HealthPayload, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync("Health", content, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !body.Contains("healthy", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"POST /Health answered {(int)response.StatusCode}: {body}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
