using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Scorecard.Pipeline.Tests.Functions;

/// <summary>
/// The real custom handler (<c>dotnet scorecard-handler.dll</c> from its build output) on a free 127.0.0.1 port,
/// started and called the way the Functions host does: wait for <c>GET /</c>, then <c>POST /&lt;FunctionName&gt;</c>.
/// </summary>
public sealed class HandlerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly StringBuilder _output = new();

    private HandlerProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(3) };
    }

    public HttpClient Client { get; }

    /// <summary>What the handler wrote to stderr so far (the host logs these lines as errors).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>What the handler wrote to stdout so far (the host logs these lines as information).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string HandlerDll
    {
        get
        {
            // Same configuration as this test assembly: tests/<project>/bin/<Configuration>/net10.0/.
            string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return RepositoryRoot.File("functions", "Scorecard.Functions", "bin", configuration, "net10.0", "scorecard-handler.dll");
        }
    }

    public static async Task<HandlerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(HandlerDll);
        start.Environment.Remove("SCORECARD_STORE");
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var handler = new HandlerProcess(Process.Start(start)!, port);
        handler._process.OutputDataReceived += (_, e) =>
        {
            lock (handler._output)
            {
                handler._output.AppendLine(e.Data);
            }
        };
        handler._process.ErrorDataReceived += (_, e) =>
        {
            lock (handler._errors)
            {
                handler._errors.AppendLine(e.Data);
            }
        };
        handler._process.BeginOutputReadLine();
        handler._process.BeginErrorReadLine();
        await handler.WaitUntilReadyAsync();
        return handler;
    }

    /// <summary>POSTs a host payload to <c>/&lt;function&gt;</c> as the host does (JSON body, invocation id header).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> InvokeAsync(string function, object payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, function) { Content = JsonContent.Create(payload) };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1000.0");
        using HttpResponseMessage response = await Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The handler exited with code {_process.ExitCode}: {Errors}");
            }

            try
            {
                using HttpResponseMessage ready = await Client.GetAsync("");
                return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
