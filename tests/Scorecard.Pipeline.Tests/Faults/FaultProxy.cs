using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>
/// A loopback HTTP proxy (Kestrel) between the store and Azurite that injects storage faults: a seeded share of
/// requests answered 500 or 503 without reaching Azurite, connections dropped before the request is forwarded,
/// after Azurite did the work (the answer is lost), or halfway through a download. <see cref="FaultRate"/> 1 is an
/// outage; <see cref="StartOutageAfter"/> begins one after a set number of requests, deterministically.
/// </summary>
public sealed partial class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri _target;
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private readonly Random _random;
    private readonly Lock _gate = new();
    private long _outageFrom = long.MaxValue;
    private long _outageUntil = long.MaxValue;
    private readonly List<string> _log = [];
    private Func<string, bool>? _trigger;
    private Func<string, bool>? _failing;
    private long _triggerLength;
    private FaultKind? _forcedKind;
    private long _requests;
    private long _faults;

    private FaultProxy(WebApplication app, Uri target, int seed)
    {
        _app = app;
        _target = target;
        _random = new Random(seed);
    }

    /// <summary>Called with each request's log line before it is forwarded (e.g. to stop the store just then).</summary>
    public Func<string, Task>? BeforeForwarding { get; set; }

    /// <summary>The share of requests that fail (0 to 1).</summary>
    public double FaultRate { get; set; }

    public int Port { get; private set; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Every request so far, in order: "method path" and the fault injected, if any.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Starts a proxy in front of the blob endpoint of <paramref name="connectionString"/>.</summary>
    public static async Task<FaultProxy> StartAsync(string connectionString, int seed)
    {
        Match endpoint = BlobEndpoint().Match(connectionString);
        if (!endpoint.Success)
        {
            throw new ArgumentException("The connection string has no http://host:port BlobEndpoint.", nameof(connectionString));
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        WebApplication app = builder.Build();
        var proxy = new FaultProxy(app, new Uri(endpoint.Groups["origin"].Value), seed);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Port = new Uri(address).Port;
        return proxy;
    }

    /// <summary><paramref name="connectionString"/> with its blob endpoint pointed at this proxy.</summary>
    public string Route(string connectionString) =>
        BlobEndpoint().Replace(connectionString, m => $"BlobEndpoint=http://127.0.0.1:{Port}{m.Groups["path"].Value}");

    /// <summary>
    /// After the next <paramref name="requests"/> requests, the following <paramref name="length"/> fail (default:
    /// every one until <see cref="EndOutage"/>).
    /// </summary>
    public void StartOutageAfter(long requests, long length = long.MaxValue / 2)
    {
        lock (_gate)
        {
            _outageFrom = Requests + requests;
            _outageUntil = _outageFrom + length;
        }
    }

    /// <summary>
    /// From the first request whose log line ("METHOD /path?query") satisfies <paramref name="first"/>, the next
    /// <paramref name="length"/> requests fail, with <paramref name="kind"/> when given (else a seeded mix).
    /// </summary>
    public void FailFrom(Func<string, bool> first, long length, FaultKind? kind = null)
    {
        lock (_gate)
        {
            _trigger = first;
            _triggerLength = length;
            _forcedKind = kind;
        }
    }

    /// <summary>
    /// Every request whose log line satisfies <paramref name="match"/> fails with <paramref name="kind"/> until
    /// <see cref="EndOutage"/>; the others pass (one part of the service is down, e.g. the lake container).
    /// </summary>
    public void FailEvery(Func<string, bool> match, FaultKind kind)
    {
        lock (_gate)
        {
            _failing = match;
            _forcedKind = kind;
        }
    }

    public void EndOutage()
    {
        lock (_gate)
        {
            _outageFrom = long.MaxValue;
            _trigger = null;
            _failing = null;
            _forcedKind = null;
            FaultRate = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private FaultKind Decide(string method, string path)
    {
        lock (_gate)
        {
            long number = Interlocked.Increment(ref _requests);
            string line = $"{method} {path}";
            if (_trigger is not null && _trigger(line))
            {
                // Saturating: a length of long.MaxValue means "until EndOutage", not an overflow into the past.
                long until = _triggerLength > long.MaxValue - number ? long.MaxValue : number - 1 + _triggerLength;
                (_outageFrom, _outageUntil, _trigger) = (number - 1, until, null);
            }

            bool fail = (number > _outageFrom && number <= _outageUntil) || _failing?.Invoke(line) == true || _random.NextDouble() < FaultRate;
            FaultKind kind = FaultKind.None;
            if (fail)
            {
                Interlocked.Increment(ref _faults);
                kind = _forcedKind ?? (FaultKind)(1 + _random.Next(method == "GET" ? 5 : 4));
            }

            _log.Add($"{line}{(kind == FaultKind.None ? "" : " -> " + kind)}");
            return kind;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest incoming = context.Request;
        FaultKind fault = Decide(incoming.Method, incoming.Path.Value + incoming.QueryString.Value);
        switch (fault)
        {
            case FaultKind.Status500 or FaultKind.Status503:
                await RefuseAsync(context, fault == FaultKind.Status500 ? 500 : 503);
                return;
            case FaultKind.DropBeforeForwarding:
                context.Abort();
                return;
        }

        // The raw target, not the decoded path: the request's signature covers the path exactly as the client escaped it.
        string rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_target, rawTarget));
        if (incoming.Method is not ("GET" or "HEAD" or "DELETE") || incoming.ContentLength > 0)
        {
            request.Content = new StreamContent(incoming.Body);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (IsHopByHop(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (BeforeForwarding is { } hook)
        {
            await hook($"{incoming.Method} {incoming.Path.Value}{incoming.QueryString.Value}");
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            // The store is down: the client sees its connection fail, as it would without the proxy.
            context.Abort();
            return;
        }

        using var answer = response;
        if (fault == FaultKind.DropAfterForwarding)
        {
            // Azurite did the work; the answer never arrives.
            await response.Content.CopyToAsync(Stream.Null);
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!IsHopByHop(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (incoming.Method == "HEAD")
        {
            return;
        }

        if (fault == FaultKind.DropMidDownload)
        {
            // Half the body (the test blobs are small), then the connection breaks: the client must notice and retry
            // or resume, never take half an answer for a whole one.
            byte[] whole = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(whole.AsMemory(0, whole.Length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task RefuseAsync(HttpContext context, int status)
    {
        string code = status == 503 ? "ServerBusy" : "InternalError";
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        context.Response.Headers["x-ms-error-code"] = code;
        await context.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>Injected fault.</Message></Error>");
    }

    private static bool IsHopByHop(string name) =>
        name.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"BlobEndpoint=(?<origin>http://[^/;]+)(?<path>[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex BlobEndpoint();
}
