using System.Diagnostics;
using System.Text.Json;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>
/// Readers written by other people, run as child processes on files the product wrote: openpyxl (Debian's
/// <c>python3-openpyxl</c>, Python's csv module beside it), ExcelJS and hyparquet (npm, pinned, installed by ./test.sh into
/// <c>.tools/readers</c>, or the folder in <c>SCORECARD_TEST_READERS</c>). Each says why it is missing instead of failing.
/// </summary>
internal static class IndependentReaders
{
    private static readonly string Scripts = Path.Combine(RepositoryRoot.Path, "tests", "Scorecard.Pipeline.Tests", "Exports", "Readers");

    /// <summary>The folder holding <c>node_modules/exceljs</c> and <c>node_modules/hyparquet</c>.</summary>
    public static string NodeModules { get; } =
        Environment.GetEnvironmentVariable("SCORECARD_TEST_READERS") is { Length: > 0 } folder ? folder : Path.Combine(RepositoryRoot.Path, ".tools", "readers");

    /// <summary>A Python that imports openpyxl: Debian's <c>/usr/bin/python3</c> first, then whatever <c>python3</c> is on PATH.</summary>
    public static string? Python { get; } = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(p => TryRun(p, "-c", "import openpyxl") == 0);

    /// <summary>Skips the running test, with the reason, when one of <paramref name="readers"/> is missing.</summary>
    public static void Require(params string[] readers)
    {
        if (readers.Select(WhyNot).FirstOrDefault(r => r is not null) is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    public static string? WhyNot(string reader) => reader switch
    {
        "openpyxl" when Python is null =>
            "openpyxl is not installed (./test.sh installs Debian's python3-openpyxl when it runs as root).",
        "exceljs" or "hyparquet" when TryRun("node", "--version") != 0 => "node is not on PATH.",
        "exceljs" or "hyparquet" when !Directory.Exists(Path.Combine(NodeModules, "node_modules", reader)) =>
            $"{reader} is not installed in {NodeModules} (./test.sh installs it there from npm).",
        _ => null,
    };

    public static JsonElement OpenpyxlRead(string workbook, string csv) =>
        Json(Run(Python ?? throw new InvalidOperationException(WhyNot("openpyxl")), Path.Combine(Scripts, "read_with_openpyxl.py"), workbook, csv));

    public static JsonElement ExcelJsRead(string workbook, string csv) =>
        Json(Run("node", Path.Combine(Scripts, "read_with_exceljs.cjs"), NodeModules, workbook, csv));

    /// <summary>Rows hyparquet reads from each Parquet file under <paramref name="folders"/>, by full path.</summary>
    public static IReadOnlyDictionary<string, long> HyparquetRowCounts(params string[] folders) =>
        Json(Run("node", [Path.Combine(Scripts, "read_with_hyparquet.mjs"), NodeModules, .. folders]))
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TZ"] = "UTC";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }

        return output.Result;
    }

    private static int TryRun(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(TimeSpan.FromSeconds(30)) ? process.ExitCode : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
