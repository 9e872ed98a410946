using System.Diagnostics;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>Runs the machine's headless Chromium on a local file: dumps the DOM or takes a screenshot. Nothing goes to the network.</summary>
internal static class HeadlessChromium
{
    public static string? Executable { get; } = Find();

    /// <summary>Skips the running test when no <c>chromium</c> is on PATH (./test.sh installs the Debian package as root).</summary>
    public static void Require()
    {
        if (Executable is null)
        {
            Assert.Skip("chromium is not installed (./test.sh installs the Debian package when it runs as root).");
        }
    }

    public static string DumpDom(string htmlFile) => Run(htmlFile, "--dump-dom").Output;

    public static void Screenshot(string htmlFile, string pngFile, int width = 1280, int height = 2000)
    {
        var (_, error) = Run(htmlFile, $"--screenshot={pngFile}", $"--window-size={width},{height}");
        if (!File.Exists(pngFile))
        {
            throw new InvalidOperationException($"chromium wrote no screenshot to {pngFile}: {error}");
        }
    }

    private static (string Output, string Error) Run(string htmlFile, params string[] arguments)
    {
        string profile = Directory.CreateTempSubdirectory("scorecard-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed."))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile}",
            }.Concat(arguments).Append(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish {string.Join(' ', arguments)} within 90 s.");
            }

            return (output.Result, error.Result);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be letting go of its profile; the temp cleaner takes it.
            }
        }
    }

    private static string? Find()
    {
        foreach (string name in new[] { "chromium", "chromium-browser" })
        {
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
