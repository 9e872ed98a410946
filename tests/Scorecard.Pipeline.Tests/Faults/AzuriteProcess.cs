using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>
/// An Azurite of the test's own (the one <c>./test.sh</c> installs into <c>.tools/azurite</c>), on free ports with its
/// data in a temporary folder, so a test can stop and restart it without disturbing the shared one. Stopping sends
/// SIGTERM (Azurite saves its metadata and closes), as a service restart would; only this process is signalled.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly TempFolder _data = new();
    private readonly int[] _ports;
    private Process? _process;

    private AzuriteProcess(int[] ports) => _ports = ports;

    /// <summary>The Azurite launcher test.sh installs, or null when it is not installed.</summary>
    /// <summary>
    /// Skips the running test when Azurite is not installed in <c>.tools/azurite</c> (run <c>./test.sh</c> once),
    /// unless <c>CI=true</c>, where the test runs and fails.
    /// </summary>
    public static void Require()
    {
        if (Binary is null && !AzuriteEnvironment.IsCi)
        {
            Assert.Skip("Azurite is not installed in .tools/azurite: run ./test.sh once, which installs it. (With CI=true this test fails instead.)");
        }
    }

    public static string? Binary
    {
        get
        {
            string path = RepositoryRoot.File(".tools", "azurite", "node_modules", ".bin", "azurite");
            return File.Exists(path) ? path : null;
        }
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevKey};BlobEndpoint=http://127.0.0.1:{_ports[0]}/devstoreaccount1;";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = new AzuriteProcess(FreePorts(3));
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts Azurite on the same ports and data folder (after <see cref="StopAsync"/>).</summary>
    public async Task StartAgainAsync()
    {
        string binary = Binary ?? throw new InvalidOperationException("Azurite is not installed in .tools/azurite: run ./test.sh once.");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", $"{_ports[0]}", "--queueHost", "127.0.0.1", "--queuePort", $"{_ports[1]}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{_ports[2]}", "--location", _data.Path, "--skipApiVersionCheck", "--loose", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _ports[0]);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Stops Azurite as a service stop would (SIGTERM), killing it if it has not exited within 10 seconds.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _ = Kill(process.Id, 15);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _data.Dispose();
    }

    private static int[] FreePorts(int count)
    {
        // Held all at once so they differ, then released for Azurite.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        int[] ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
