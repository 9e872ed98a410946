using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Scorecard.Pipeline.Benchmarks;
using Scorecard.Pipeline.Generate;

namespace Scorecard.Cli;

internal static class BenchCommand
{
    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = "Rows in the generated telephony/contacts file.", DefaultValueFactory = _ => 1_000_000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Interleaved repetitions; medians are reported.", DefaultValueFactory = _ => 3 };
        var work = new Option<string>("--work") { Description = "Folder for the generated input and outputs (reused between runs).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "scorecard-bench") };
        var ingest = new Command("ingest",
            "Measure ingest of an N-row contacts CSV (full validation, Parquet out) against DuckDB's own " +
            "read_csv -> COPY TO parquet on the same file with threads=1 and with all cores, and the floor (reading " +
            "the bytes). Each measurement runs in its own process; prints rows/s, MB/s, peak memory and output size, " +
            "then one JSON line with the ratios (ratio = ours / DuckDB one thread, higher is better for us).")
        {
            rows, repetitions, work,
        };
        ingest.SetAction(async (parse, cancellationToken) =>
        {
            string folder = Path.GetFullPath(parse.GetValue(work)!);
            long n = parse.GetValue(rows);
            string input = await EnsureInputAsync(folder, n, cancellationToken);
            var results = new Dictionary<string, List<IngestBenchmark.Measurement>>();
            int reps = parse.GetValue(repetitions);
            for (int rep = 1; rep <= reps; rep++)
            {
                foreach (string engine in IngestBenchmark.Engines)
                {
                    IngestBenchmark.Measurement m = await RunChildAsync(engine, input, folder, cancellationToken);
                    results.TryAdd(engine, []);
                    results[engine].Add(m);
                    Console.Error.WriteLine($"  rep {rep}/{reps} {engine,-11} {m.Seconds,7:0.000} s  peak {m.PeakMemoryMb,6:0} MiB");
                }
            }

            Console.WriteLine(IngestBenchmark.Report(n, new FileInfo(input).Length, results));
            return 0;
        });

        var engineOption = new Option<string>("--engine") { Required = true };
        var inputOption = new Option<string>("--input") { Required = true };
        var run = new Command("run-one", "Internal: one measurement in this process (used by 'bench ingest').") { engineOption, inputOption, work };
        run.Hidden = true;
        run.SetAction(async (parse, cancellationToken) =>
        {
            IngestBenchmark.Measurement m = await IngestBenchmark.RunAsync(
                parse.GetValue(engineOption)!, parse.GetValue(inputOption)!, parse.GetValue(work)!, cancellationToken);
            Console.WriteLine(JsonSerializer.Serialize(m));
            return 0;
        });

        return new Command("bench", "Benchmarks that print ratios against references measured in the same run.") { ingest, run };
    }

    private static async Task<string> EnsureInputAsync(string folder, long rows, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        string input = Path.Combine(folder, $"contacts-{rows}.csv");
        if (!File.Exists(input))
        {
            Console.Error.WriteLine($"Generating {rows:N0} contacts into {input} ...");
            var clock = Stopwatch.StartNew();
            string temp = input + ".tmp";
            await ContactsCsvWriter.WriteAsync(temp, rows, 42, cancellationToken);
            File.Move(temp, input, overwrite: true);
            Console.Error.WriteLine($"  done in {clock.Elapsed.TotalSeconds:0.0} s ({new FileInfo(input).Length / 1e6:N1} MB)");
        }

        return input;
    }

    private static async Task<IngestBenchmark.Measurement> RunChildAsync(string engine, string input, string work, CancellationToken cancellationToken)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }

        foreach (string arg in new[] { "bench", "run-one", "--engine", engine, "--input", input, "--work", work })
        {
            start.ArgumentList.Add(arg);
        }

        using Process child = Process.Start(start)!;
        Task<string> stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"benchmark '{engine}' failed (exit {child.ExitCode}): {await stderr}");
        }

        string line = (await stdout).Trim().Split('\n')[^1];
        return JsonSerializer.Deserialize<IngestBenchmark.Measurement>(line)
            ?? throw new InvalidOperationException($"benchmark '{engine}' printed no result: {line.ToString(CultureInfo.InvariantCulture)}");
    }
}
