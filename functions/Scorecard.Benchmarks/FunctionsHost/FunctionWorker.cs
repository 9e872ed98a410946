using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scorecard.Benchmarks.FunctionsHost.Rpc;

namespace Scorecard.Benchmarks.FunctionsHost;

/// <summary>
/// A stand-in for the Functions host, for tests and the cold-start benchmark, driving the published function app: serves <c>FunctionRpc.EventStream</c> on Kestrel (HTTP/2, loopback),
/// starts the worker as the Functions host does (<c>dotnet Scorecard.Functions.dll</c> with the host endpoint, worker and
/// request ids in its environment), then drives it: init, function metadata, load, invocations. HTTP invocations also
/// forward the request to the worker's own ASP.NET Core server with <c>x-ms-invocation-id</c>, as the host's proxy does.
/// What the real host adds (trigger listeners, retries, poison queues, keys, Event Grid) is not here.
/// </summary>
public sealed class FunctionWorker : IAsyncDisposable
{
    /// <summary>The function app's assembly, which the host runs with <c>dotnet</c> (worker.config.json's defaultWorkerPath).</summary>
    public const string AssemblyName = "Scorecard.Functions.dll";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromMinutes(5);

    private readonly Channel<StreamingMessage> _toWorker = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource<string> _streamStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<RpcLog> _logs = [];
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly Dictionary<string, string> _functionIds = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private WebApplication? _server;
    private Process? _process;
    private HttpClient? _http;

    private FunctionWorker()
    {
    }

    /// <summary>From process start to the worker's StartStream (its gRPC connection to the host).</summary>
    public TimeSpan Connected { get; private set; }

    /// <summary>From process start to every function loaded: when the host could send the first invocation.</summary>
    public TimeSpan FunctionsLoaded { get; private set; }

    /// <summary>The functions the worker indexed, by name.</summary>
    public IReadOnlyCollection<string> FunctionNames => _functionIds.Keys;

    /// <summary>The worker's capabilities from its init answer (e.g. <c>HttpUri</c> of its ASP.NET Core server).</summary>
    public IReadOnlyDictionary<string, string> Capabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>Every log line the worker sent the host (<c>Level [category]: message</c>), across invocations.</summary>
    public string Logs
    {
        get
        {
            lock (_logs)
            {
                return string.Join('\n', _logs.Select(Format));
            }
        }
    }

    /// <summary>The worker's warnings and errors sent over gRPC, and its stderr.</summary>
    public string Errors
    {
        get
        {
            lock (_logs)
            {
                lock (_errors)
                {
                    return string.Join('\n', _logs.Where(l => l.Level >= RpcLog.Types.Level.Warning).Select(Format)) + "\n" + _errors;
                }
            }
        }
    }

    /// <summary>What the worker process wrote to stdout.</summary>
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

    /// <summary>The worker process's CPU time so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process!.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The worker process's peak working set so far, in bytes.</summary>
    public long PeakWorkingSet
    {
        get
        {
            _process!.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>Starts the published app in <paramref name="appFolder"/> with <paramref name="environment"/> (app settings) and loads every function.</summary>
    public static async Task<FunctionWorker> StartAsync(string appFolder, IReadOnlyDictionary<string, string> environment)
    {
        var worker = new FunctionWorker();
        try
        {
            await worker.StartCoreAsync(environment, appFolder);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>A blob trigger invocation: a reference to the blob (ModelBindingData), from which the worker builds its BlobClient.</summary>
    public Task<Invocation> InvokeBlobAsync(string function, string connection, string container, string blobName)
    {
        byte[] content = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Connection"] = connection,
            ["ContainerName"] = container,
            ["BlobName"] = blobName,
        }));
        var reference = new TypedData
        {
            ModelBindingData = new ModelBindingData
            {
                Version = "1.0", Source = "AzureStorageBlobs", ContentType = "application/json", Content = ByteString.CopyFrom(content),
            },
        };
        var metadata = new Dictionary<string, TypedData>
        {
            ["BlobTrigger"] = new() { String = $"{container}/{blobName}" },
            ["name"] = new() { String = blobName },
        };
        return InvokeAsync(function, Guid.NewGuid().ToString(), ("blob", reference), metadata);
    }

    /// <summary>A queue trigger invocation carrying <paramref name="message"/>, with the metadata the queue listener sends.</summary>
    public Task<Invocation> InvokeQueueAsync(string function, string binding, string message, DateTimeOffset insertionTime, int dequeueCount = 1)
    {
        var metadata = new Dictionary<string, TypedData>
        {
            ["DequeueCount"] = new() { Json = dequeueCount.ToString(CultureInfo.InvariantCulture) },
            ["Id"] = Json(Guid.NewGuid().ToString()),
            ["InsertionTime"] = Json(insertionTime.ToString("O", CultureInfo.InvariantCulture)),
            ["ExpirationTime"] = Json(insertionTime.AddDays(7).ToString("O", CultureInfo.InvariantCulture)),
            ["NextVisibleTime"] = Json(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture)),
            ["PopReceipt"] = Json("AgAAAAMAAAAAAAAA"),
        };
        return InvokeAsync(function, Guid.NewGuid().ToString(), (binding, new TypedData { String = message }), metadata);
    }

    /// <summary>A timer trigger invocation (the schedule itself lives in the real host).</summary>
    public Task<Invocation> InvokeTimerAsync(string function, bool isPastDue = false) =>
        InvokeAsync(function, Guid.NewGuid().ToString(),
            ("timer", new TypedData { Json = $$"""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":{{(isPastDue ? "true" : "false")}}}""" }),
            new Dictionary<string, TypedData>());

    /// <summary>
    /// An HTTP trigger invocation: the invocation request, and the HTTP request forwarded to the worker's server with
    /// <c>x-ms-invocation-id</c>; the answer is what the worker's server sent back.
    /// </summary>
    public async Task<HttpAnswer> InvokeHttpAsync(string function, string method = "GET", IReadOnlyList<KeyValuePair<string, string>>? query = null, string accept = "application/json")
    {
        string invocationId = Guid.NewGuid().ToString();
        string queryString = query is null || query.Count == 0 ? ""
            : "?" + string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        string path = $"api/{function}{queryString}";
        var http = new RpcHttp { Method = method, Url = $"http://localhost/{path}" };
        http.Headers.Add("accept", accept);
        foreach (var (key, value) in query ?? [])
        {
            http.Query[key] = value;
        }

        Task<HttpResponseMessage> forwarded = ForwardAsync(method, path, invocationId, accept);
        Invocation invocation = await InvokeAsync(function, invocationId, ("req", new TypedData { Http = http }), new Dictionary<string, TypedData>());
        using HttpResponseMessage response = await forwarded;
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new HttpAnswer(invocation, response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Forwards the HTTP request to the worker's server. The worker reports its server's address before the server
    /// listens, so a refused connection is retried for a while, as the host's proxy retries.
    /// </summary>
    private async Task<HttpResponseMessage> ForwardAsync(string method, string path, string invocationId, string accept)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("x-ms-invocation-id", invocationId);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            try
            {
                return await _http!.SendAsync(request);
            }
            catch (HttpRequestException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }
                && clock.Elapsed < StartTimeout && _process is { HasExited: false })
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        _toWorker.Writer.TryComplete();
        if (_server is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _server.StopAsync(stopping.Token);
            await _server.DisposeAsync();
        }
    }

    /// <summary>The worker's stream: answers go to whoever waits for them, logs are kept; host messages are written in order.</summary>
    internal async Task ServeAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        Task writing = Task.Run(async () =>
        {
            await foreach (StreamingMessage message in _toWorker.Reader.ReadAllAsync(cancellationToken))
            {
                await toWorker.WriteAsync(message, cancellationToken);
            }
        }, cancellationToken);
        try
        {
            while (await fromWorker.MoveNext(cancellationToken))
            {
                Receive(fromWorker.Current);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // The worker went away: fall through and fail whatever waits.
        }
        finally
        {
            FailPending("the worker closed its stream");
        }

        _toWorker.Writer.TryComplete();
        await writing.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task StartCoreAsync(IReadOnlyDictionary<string, string> environment, string appFolder)
    {
        int port = await StartServerAsync();
        string assembly = Path.Combine(appFolder, AssemblyName);
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"No published function app at {assembly} (dotnet publish functions/Scorecard.Functions -c Release).", assembly);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = appFolder };
        start.ArgumentList.Add(assembly);
        foreach (string inherited in new[] { "SCORECARD_STORE", "APPLICATIONINSIGHTS_CONNECTION_STRING", "ASPNETCORE_URLS" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["Functions__Worker__HostEndpoint"] = $"http://127.0.0.1:{port}";
        start.Environment["Functions__Worker__WorkerId"] = Guid.NewGuid().ToString();
        start.Environment["Functions__Worker__RequestId"] = Guid.NewGuid().ToString();
        start.Environment["Functions__Worker__GrpcMaxMessageLength"] = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appFolder;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appFolder;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _clock.Start();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_errors, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => FailPending($"the worker process exited with code {SafeExitCode()}");

        await WaitAsync(_streamStarted.Task, "connect (StartStream)");
        Connected = _clock.Elapsed;

        var init = new WorkerInitRequest { HostVersion = "4.1000.0", WorkerDirectory = appFolder, FunctionAppDirectory = appFolder };
        init.Capabilities["RpcHttpBodyOnly"] = "true";
        StreamingMessage initAnswer = await RequestAsync("init", new StreamingMessage { RequestId = "init", WorkerInitRequest = init });
        Require(initAnswer.WorkerInitResponse.Result, "init");
        Capabilities = initAnswer.WorkerInitResponse.Capabilities.ToDictionary(c => c.Key, c => c.Value);
        if (Capabilities.TryGetValue("HttpUri", out string? httpUri))
        {
            _http = new HttpClient { BaseAddress = new Uri(httpUri.TrimEnd('/') + "/"), Timeout = InvocationTimeout };
        }

        StreamingMessage metadata = await RequestAsync("metadata", new StreamingMessage
        {
            RequestId = "metadata", FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appFolder },
        });
        Require(metadata.FunctionMetadataResponse.Result, "function metadata");
        foreach (RpcFunctionMetadata function in metadata.FunctionMetadataResponse.FunctionMetadataResults)
        {
            if (string.IsNullOrEmpty(function.Directory))
            {
                function.Directory = appFolder;
            }

            StreamingMessage loaded = await RequestAsync($"load:{function.FunctionId}", new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
            });
            Require(loaded.FunctionLoadResponse.Result, $"load {function.Name}");
            _functionIds[function.Name] = function.FunctionId;
        }

        FunctionsLoaded = _clock.Elapsed;
    }

    private async Task<int> StartServerAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(this);
        _server = builder.Build();
        _server.MapGrpcService<HostRpcService>();
        await _server.StartAsync();
        string address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address).Port;
    }

    private async Task<Invocation> InvokeAsync(string function, string invocationId, (string Name, TypedData Data) trigger, IDictionary<string, TypedData> metadata)
    {
        if (!_functionIds.TryGetValue(function, out string? functionId))
        {
            throw new ArgumentException($"The worker has no function {function}; it loaded {string.Join(", ", _functionIds.Keys)}.", nameof(function));
        }

        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = functionId,
            TraceContext = new RpcTraceContext { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid():N}"[..52] + "-01" },
        };
        request.InputData.Add(new ParameterBinding { Name = trigger.Name, Data = trigger.Data });
        request.TriggerMetadata.Add(metadata);
        StreamingMessage answer = await RequestAsync($"invoke:{invocationId}", new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request });
        InvocationResponse response = answer.InvocationResponse;
        List<string> logs;
        lock (_logs)
        {
            logs = [.. _logs.Where(l => l.InvocationId == invocationId).Select(Format)];
        }

        string? returned = response.ReturnValue?.DataCase switch
        {
            TypedData.DataOneofCase.Json => response.ReturnValue.Json,
            TypedData.DataOneofCase.String => response.ReturnValue.String,
            TypedData.DataOneofCase.Bytes => response.ReturnValue.Bytes.ToStringUtf8(),
            _ => null,
        };
        bool succeeded = response.Result.Status == StatusResult.Types.Status.Success;
        return new Invocation(invocationId, succeeded, succeeded ? null : response.Result.Exception?.Message ?? response.Result.Result, returned, logs);
    }

    private async Task<StreamingMessage> RequestAsync(string key, StreamingMessage message)
    {
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        if (_process is { HasExited: true })
        {
            throw new WorkerExitedException($"the worker process exited with code {SafeExitCode()} before {key}: {_errors}");
        }

        await _toWorker.Writer.WriteAsync(message);
        return await WaitAsync(answer.Task, key);
    }

    private void Receive(StreamingMessage message)
    {
        string? key = message.ContentCase switch
        {
            StreamingMessage.ContentOneofCase.StartStream => null,
            StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
            StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
            StreamingMessage.ContentOneofCase.FunctionLoadResponse => $"load:{message.FunctionLoadResponse.FunctionId}",
            StreamingMessage.ContentOneofCase.InvocationResponse => $"invoke:{message.InvocationResponse.InvocationId}",
            _ => null,
        };
        if (message.ContentCase == StreamingMessage.ContentOneofCase.StartStream)
        {
            _streamStarted.TrySetResult(message.StartStream.WorkerId);
        }
        else if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
        {
            lock (_logs)
            {
                _logs.Add(message.RpcLog);
            }
        }
        else if (key is not null && _pending.TryRemove(key, out TaskCompletionSource<StreamingMessage>? waiting))
        {
            waiting.TrySetResult(message);
        }
    }

    private void FailPending(string reason)
    {
        _streamStarted.TrySetException(new WorkerExitedException($"{reason}: {_errors}"));
        foreach (string key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out TaskCompletionSource<StreamingMessage>? waiting))
            {
                waiting.TrySetException(new WorkerExitedException($"{reason} while waiting for {key}"));
            }
        }
    }

    private async Task<T> WaitAsync<T>(Task<T> task, string what)
    {
        TimeSpan timeout = what.StartsWith("invoke:", StringComparison.Ordinal) ? InvocationTimeout : StartTimeout;
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The worker did not answer {what} within {timeout}. stderr: {_errors} stdout: {Output}");
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process!.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static void Require(StatusResult result, string step)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"The worker failed {step}: {result.Exception?.Message ?? result.Result}");
        }
    }

    private static TypedData Json(string text) => new() { Json = System.Text.Json.JsonSerializer.Serialize(text) };

    private static string Format(RpcLog log) =>
        $"{log.Level} [{log.Category}]: {log.Message}" + (log.Exception is { } e ? $" ({e.Type}: {e.Message})" : "");

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
