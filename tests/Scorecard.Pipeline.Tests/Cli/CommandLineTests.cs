using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Help_explains_every_command()
    {
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string command in new[] { "demo", "generate", "ingest", "contracts", "mappings", "validate", "bench" })
        {
            Assert.Contains(command, result.Output);
        }

        Assert.Contains("--store", result.Output);
    }

    [Fact]
    public async Task Demo_generates_and_ingests_sample_data_and_says_where_it_is()
    {
        string store = _folder.File("store");

        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            "demo", "--store", store, "--days", "3", "--agents", "12", "--contacts-per-day", "300", "--start", "2026-10-01");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("0 rejected", result.Output);
        Assert.Contains(Path.GetFullPath(store), result.Output);
        foreach (string container in StoreContainers.All)
        {
            // Every "where things are" line names a folder that exists.
            string line = result.Output.Split('\n').Single(l => l.TrimStart().StartsWith(container + " ", StringComparison.Ordinal));
            Assert.True(Directory.Exists(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]), line);
        }

        var lake = Directory.GetFiles(Path.Combine(store, StoreContainers.Lake), "*.parquet", SearchOption.AllDirectories);
        Assert.Equal(ExtractContracts.All.Count * 3, lake.Length);
        long offered = (long)LakeQuery.Scalar($"select count(*) from read_parquet('{store}/lake/telephony/contacts/*/*.parquet')")!;
        Assert.InRange(offered, 3 * 150, 3 * 600);
    }

    [Fact]
    public async Task Ingest_reports_a_rejected_extract_with_exit_code_2_and_the_store_from_the_environment()
    {
        string store = _folder.File("store");
        var env = new Dictionary<string, string> { ["SCORECARD_STORE"] = store };
        Directory.CreateDirectory(Path.Combine(store, "landing", "telephony", "contacts", "2026-10-01"));
        await File.WriteAllTextAsync(Path.Combine(store, "landing", "telephony", "contacts", "2026-10-01", "contacts.csv"), "just,a,header\n");

        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(env, "ingest");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("REJECTED", result.Output);
        Assert.Contains("missing required columns", result.Output);
    }

    [Fact]
    public async Task Errors_are_one_clear_line_and_a_non_zero_exit_code()
    {
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync("query", "--store", _folder.File("empty"), "select 1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: No mart in", result.Error);
        Assert.Contains("run 'scorecard build' first", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task Bench_commands_end_with_one_json_line_of_ratios()
    {
        ScorecardProcess.Result ingest = await ScorecardProcess.RunAsync(
            "bench", "ingest", "--rows", "20000", "--repetitions", "1", "--memory-rows", "5000", "--scan-repetitions", "1",
            "--work", _folder.File("ingest"));
        ScorecardProcess.Result build = await ScorecardProcess.RunAsync(
            "bench", "build", "--days", "1,2", "--contacts-per-day", "500", "--repetitions", "1", "--work", _folder.File("build"));

        Assert.True(ingest.ExitCode == 0, ingest.Output + ingest.Error);
        Assert.True(build.ExitCode == 0, build.Output + build.Error);
        using var ingestJson = System.Text.Json.JsonDocument.Parse(ingest.Output.Trim().Split('\n')[^1]);
        Assert.Equal(20000, ingestJson.RootElement.GetProperty("rows").GetInt64());
        Assert.True(ingestJson.RootElement.GetProperty("ratio").GetDouble() > 0);
        Assert.True(ingestJson.RootElement.GetProperty("size_ratio").GetDouble() > 0);
        Assert.True(ingestJson.RootElement.GetProperty("scan_ratio").GetDouble() > 0);
        Assert.Equal(5000, ingestJson.RootElement.GetProperty("peak_memory_small_rows").GetInt64());
        Assert.True(ingestJson.RootElement.TryGetProperty("peak_memory_diff_mb", out _));
        using var buildJson = System.Text.Json.JsonDocument.Parse(build.Output.Trim().Split('\n')[^1]);
        Assert.Equal(2, buildJson.RootElement.GetProperty("full_seconds").GetArrayLength());
        Assert.Single(buildJson.RootElement.GetProperty("slope_seconds_per_million_contacts").EnumerateArray());
        Assert.All(buildJson.RootElement.GetProperty("incremental_ratio").EnumerateArray(), r => Assert.True(r.GetDouble() > 0));
        Assert.Equal(2, buildJson.RootElement.GetProperty("incremental_seconds").GetArrayLength());
    }

    [Fact]
    public async Task Bench_coldstart_starts_the_worker_and_reports_time_to_functions_loaded_and_to_the_first_invocation()
    {
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            "bench", "coldstart", "--app", Functions.Host.PublishedWorker.Folder, "--runs", "1");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]);
        double ready = json.RootElement.GetProperty("ready_ms").GetDouble();
        Assert.True(ready > 0);
        Assert.True(json.RootElement.GetProperty("first_request_ms").GetDouble() >= ready);
        Assert.True(json.RootElement.GetProperty("first_request_cpu_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task A_bad_setting_in_the_environment_is_named_not_ignored()
    {
        var env = new Dictionary<string, string> { ["Mart__ServiceLevelThresholdSeconds"] = "twenty" };

        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(env, "build", "--store", _folder.File("store"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Mart:ServiceLevelThresholdSeconds", result.Error);
    }
}
