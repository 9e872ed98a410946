using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Scorecard.Benchmarks;
using Scorecard.Benchmarks.FunctionsHost;
using Scorecard.SampleData;

namespace Scorecard.Cli;

internal static class BenchCommand
{
    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = "Rows in the generated telephony/contacts file.", DefaultValueFactory = _ => 1_000_000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Interleaved repetitions; medians are reported.", DefaultValueFactory = _ => 3 };
        var work = new Option<string>("--work") { Description = "Folder for the generated input and outputs (reused between runs).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "scorecard-bench") };
        var memoryRows = new Option<long>("--memory-rows")
        {
            Description = "Also ingest a file of this many rows in each repetition and report the difference of peak memory (0: skip).",
            DefaultValueFactory = _ => 0,
        };
        var scanRepetitions = new Option<int>("--scan-repetitions")
        {
            Description = "Repetitions of the KPI queries over our Parquet and DuckDB's (0: skip).",
            DefaultValueFactory = _ => 5,
        };
        var ingest = new Command("ingest",
            "Measure ingest of an N-row contacts CSV (full validation, Parquet out) against DuckDB's own " +
            "read_csv -> COPY TO parquet on the same file with threads=1 and with all cores, and the floor (reading " +
            "the bytes). Each measurement runs in its own process; prints rows/s, MB/s, peak memory and output size, " +
            "then one JSON line with the ratios (ratio = ours / DuckDB one thread, higher is better for us). Then KPI " +
            "queries in DuckDB over our Parquet and DuckDB's (scan_ratio above 1: ours scans faster) and, with " +
            "--memory-rows, our peak memory on a smaller file.")
        {
            rows, repetitions, work, memoryRows, scanRepetitions,
        };
        ingest.SetAction(async (parse, cancellationToken) =>
        {
            string folder = Path.GetFullPath(parse.GetValue(work)!);
            long n = parse.GetValue(rows);
            string input = await EnsureInputAsync(folder, n, cancellationToken);
            var results = new Dictionary<string, List<IngestBenchmark.Measurement>>();
            int reps = parse.GetValue(repetitions);
            long smallRows = parse.GetValue(memoryRows);
            string? smallInput = smallRows > 0 ? await EnsureInputAsync(folder, smallRows, cancellationToken) : null;
            var smallRuns = new List<IngestBenchmark.Measurement>();
            for (int rep = 1; rep <= reps; rep++)
            {
                if (smallInput is not null)
                {
                    var s = await RunChildAsync<IngestBenchmark.Measurement>(
                        ["bench", "run-one", "--engine", IngestBenchmark.Ours, "--input", smallInput, "--work", folder], cancellationToken);
                    smallRuns.Add(s);
                    Console.Error.WriteLine($"  rep {rep}/{reps} {"ours@" + smallRows,-11} {s.Seconds,7:0.000} s  peak {s.PeakMemoryMb,6:0} MiB");
                }

                foreach (string engine in IngestBenchmark.Engines)
                {
                    var m = await RunChildAsync<IngestBenchmark.Measurement>(
                        ["bench", "run-one", "--engine", engine, "--input", input, "--work", folder], cancellationToken);
                    results.TryAdd(engine, []);
                    results[engine].Add(m);
                    Console.Error.WriteLine($"  rep {rep}/{reps} {engine,-11} {m.Seconds,7:0.000} s  peak {m.PeakMemoryMb,6:0} MiB");
                }
            }

            KpiScanBenchmark.Measurement? scan = null;
            if (parse.GetValue(scanRepetitions) is > 0 and int scanReps)
            {
                scan = await RunChildAsync<KpiScanBenchmark.Measurement>(
                    ["bench", "run-scan", "--ours", IngestBenchmark.OursOutput(folder), "--duckdb", IngestBenchmark.DuckDbOutput(folder),
                     "--repetitions", scanReps.ToString(CultureInfo.InvariantCulture)], cancellationToken);
            }

            Console.WriteLine(IngestBenchmark.Report(n, new FileInfo(input).Length, results, scan, smallInput is null ? null : (smallRows, smallRuns)));
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

        var oursFile = new Option<string>("--ours") { Required = true };
        var duckFile = new Option<string>("--duckdb") { Required = true };
        var scanRun = new Command("run-scan", "Internal: KPI queries over two Parquet files in this process (used by 'bench ingest').")
        {
            oursFile, duckFile, repetitions,
        };
        scanRun.Hidden = true;
        scanRun.SetAction(parse =>
        {
            Console.WriteLine(JsonSerializer.Serialize(KpiScanBenchmark.Run(parse.GetValue(oursFile)!, parse.GetValue(duckFile)!, parse.GetValue(repetitions))));
            return 0;
        });

        return new Command("bench", "Benchmarks that print ratios against references measured in the same run.")
        {
            ingest, run, scanRun, CreateBuild(work), CreateRunBuild(), CreateColdStart(),
        };
    }

    private static Command CreateColdStart()
    {
        var app = new Option<string>("--app")
        {
            Description = "The published function app folder (dotnet publish functions/Scorecard.Functions -c Release).",
            DefaultValueFactory = _ => Path.Combine("functions", "Scorecard.Functions", "bin", "Release", "net10.0", "linux-x64", "publish"),
        };
        var runs = new Option<int>("--runs") { Description = "Cold starts to measure; medians are reported.", DefaultValueFactory = _ => 7 };
        var environment = new Option<string[]>("--env") { Description = "Extra environment for the worker, KEY=VALUE (repeatable), e.g. DOTNET_TieredPGO=0.", DefaultValueFactory = _ => [] };
        var coldStart = new Command("coldstart",
            "Measure the function app's cold start as the Functions host sees it: start the published isolated worker " +
            "against a stand-in host, and time its gRPC connection, every function loaded, the first invocation answered " +
            "(Health over HTTP, which reads the store) and a second (warm) one. Each run is a new process on an empty " +
            "local-folder store; prints medians and a JSON line.")
        {
            app, runs, environment,
        };
        coldStart.SetAction(async (parse, cancellationToken) =>
        {
            string path = Path.GetFullPath(parse.GetValue(app)!);
            if (!File.Exists(Path.Combine(path, FunctionWorker.AssemblyName)))
            {
                throw new ArgumentException($"no published function app in {path} (dotnet publish functions/Scorecard.Functions -c Release first)");
            }

            var env = parse.GetValue(environment)!.Select(e => e.Split('=', 2)).ToDictionary(
                kv => kv[0], kv => kv.Length == 2 ? kv[1] : throw new ArgumentException($"--env '{kv[0]}' is not KEY=VALUE"));
            using var store = new TempStore();
            var measurements = new List<ColdStartBenchmark.Measurement>();
            for (int i = 1; i <= parse.GetValue(runs); i++)
            {
                var m = await ColdStartBenchmark.RunAsync(path, store.Path, env, cancellationToken);
                measurements.Add(m);
                Console.Error.WriteLine($"  run {i}: loaded {m.LoadedMs,6:0} ms, first invocation {m.FirstRequestMs,6:0} ms, warm {m.WarmRequestMs,5:0.0} ms");
            }

            Console.WriteLine(ColdStartBenchmark.Report(path, measurements));
            return 0;
        });
        return coldStart;
    }

    /// <summary>An empty local-folder store for the cold-start runs, deleted afterwards.</summary>
    private sealed class TempStore : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("scorecard-coldstart-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
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

    private static Command CreateBuild(Option<string> work)
    {
        var days = new Option<string>("--days") { Description = "Comma-separated numbers of days to measure.", DefaultValueFactory = _ => "1,10,30,90" };
        var perDay = new Option<int>("--contacts-per-day") { Description = "Contacts a day in the generated data.", DefaultValueFactory = _ => 100_000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Repetitions per measurement; medians are reported.", DefaultValueFactory = _ => 3 };
        var instanceMemory = new Option<int>("--instance-memory-mb")
        {
            Description = "Build with the memory limit an instance of this much memory gets (Mart__InstanceMemoryMb; Flex Consumption: 2048 or 4096).",
            DefaultValueFactory = _ => 2048,
        };
        var azurite = new Option<string?>("--azurite")
        {
            Description = "Also measure the incremental day published to blob storage through this connection string (e.g. Azurite's): bytes downloaded and uploaded.",
        };
        var build = new Command("build",
            "Measure the mart build on 1, 10, 30 and 90 days (by default; --days 1,10) of generated data at 100,000 contacts " +
            "a day: our full build (models, data tests, Parquet export, publish) against DuckDB alone executing the same " +
            "model SQL, and the incremental build of the last day on a mart of the days before, each in its own process. " +
            "Prints time, peak memory, seconds per million contacts, the slope between day counts and incremental / full, " +
            "then one JSON line. Prepared stores are reused from --work.")
        {
            days, perDay, repetitions, work, instanceMemory, azurite,
        };
        build.SetAction(async (parse, cancellationToken) =>
        {
            string folder = Path.GetFullPath(parse.GetValue(work)!);
            int[] dayCounts = parse.GetValue(days)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).Order().ToArray();
            var progress = new Progress<string>(message => Console.Error.WriteLine("  " + message));
            var stores = new Dictionary<int, string>();
            foreach (int d in dayCounts)
            {
                stores[d] = await BuildBenchmark.PrepareAsync(folder, d, parse.GetValue(perDay), progress, cancellationToken);
            }

            var measurements = new List<BuildBenchmark.Measurement>();
            for (int rep = 1; rep <= parse.GetValue(repetitions); rep++)
            {
                foreach (int d in dayCounts)
                {
                    string? blob = parse.GetValue(azurite);
                    foreach (string engine in BuildBenchmark.Engines.Concat(blob is null ? [] : BuildBenchmark.BlobEngines))
                    {
                        string[] arguments = ["bench", "run-build", "--engine", engine, "--store", stores[d], "--days", d.ToString(CultureInfo.InvariantCulture),
                            "--instance-memory-mb", parse.GetValue(instanceMemory).ToString(CultureInfo.InvariantCulture)];
                        var m = await RunChildAsync<BuildBenchmark.Measurement>(blob is null ? arguments : [.. arguments, "--azurite", blob], cancellationToken,
                            echoProgress: engine is not (BuildBenchmark.IncrementalSetup or BuildBenchmark.IncrementalBlobSetup));
                        if (engine is BuildBenchmark.IncrementalSetup or BuildBenchmark.IncrementalBlobSetup)
                        {
                            continue; // untimed: the mart of the days before the last
                        }

                        measurements.Add(m);
                        Console.Error.WriteLine($"  rep {rep} {d,3} day(s) {engine,-16} {m.Seconds,7:0.00} s  {m.CpuSeconds,7:0.00} CPU s  peak {m.PeakMemoryMb,5:0} MiB");
                    }
                }
            }

            Console.WriteLine(BuildBenchmark.Report(measurements));
            return 0;
        });
        return build;
    }

    /// <summary>The hidden per-process build measurement used by 'bench build'.</summary>
    public static Command CreateRunBuild()
    {
        var engine = new Option<string>("--engine") { Required = true };
        var dayCount = new Option<int>("--days") { Required = true };
        var instanceMemory = new Option<int>("--instance-memory-mb") { DefaultValueFactory = _ => 2048 };
        var azurite = new Option<string?>("--azurite");
        var run = new Command("run-build", "Internal: one build measurement in this process (used by 'bench build').") { engine, dayCount, instanceMemory, azurite };
        run.Hidden = true;
        run.SetAction(parse =>
        {
            string root = parse.GetValue(CommonOptions.Store) ?? throw new ArgumentException("--store is required");
            var progress = new Progress<string>(message => Console.Error.WriteLine(message));
            Console.WriteLine(JsonSerializer.Serialize(BuildBenchmark.Run(parse.GetValue(engine)!, root, parse.GetValue(dayCount), parse.GetValue(instanceMemory), parse.GetValue(azurite), progress)));
            return 0;
        });
        return run;
    }

    /// <summary>Runs one measurement in a child process; with <paramref name="echoProgress"/> its progress lines (stderr) are
    /// printed indented, so a build's phase times show beside its measurement.</summary>
    private static async Task<T> RunChildAsync<T>(IReadOnlyList<string> args, CancellationToken cancellationToken, bool echoProgress = false)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process child = Process.Start(start)!;
        Task<string> stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"benchmark step '{string.Join(' ', args)}' failed (exit {child.ExitCode}): {await stderr}");
        }

        if (echoProgress)
        {
            foreach (string progressLine in (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Console.Error.WriteLine("      " + progressLine);
            }
        }

        string line = (await stdout).Trim().Split('\n')[^1];
        return JsonSerializer.Deserialize<T>(line)
            ?? throw new InvalidOperationException($"benchmark step '{string.Join(' ', args)}' printed no result: {line}");
    }
}
