using System.Text.Json;

namespace Scorecard.Pipeline.Tests.Cli;

public sealed class StaffingCommandTests
{
    [Fact]
    public async Task Staffing_prints_the_agents_the_published_example_needs_then_one_json_line()
    {
        // Call Centre Helper's worked example (see ErlangCTests): 100 calls / 30 min / 180 s / 80% in 20 s -> 14 agents, 20 scheduled.
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            "staffing", "--offered", "100", "--interval-minutes", "30", "--aht", "180", "--threshold", "20", "--sl-target", "80");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        string[] lines = result.Output.TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.Contains("14") && l.Contains("88.8%") && l.Contains("required"));
        using JsonDocument json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(14, json.RootElement.GetProperty("agents").GetInt32());
        Assert.Equal(20, json.RootElement.GetProperty("scheduled_agents").GetInt32());
        Assert.Equal(0.88835, json.RootElement.GetProperty("service_level").GetDouble(), 5);
        Assert.Equal(7.836, json.RootElement.GetProperty("asa_seconds").GetDouble(), 3);
    }

    [Fact]
    public async Task Staffing_with_given_agents_prints_their_service_level_and_waiting()
    {
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            "staffing", "--offered", "100", "--interval-minutes", "30", "--aht", "180", "--threshold", "20", "--agents", "11");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(0.682118, json.RootElement.GetProperty("probability_of_waiting").GetDouble(), 6);
        Assert.Equal(0.389614, json.RootElement.GetProperty("service_level").GetDouble(), 6);
    }

    [Fact]
    public async Task Staffing_refuses_both_a_target_and_a_number_of_agents()
    {
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            "staffing", "--offered", "100", "--aht", "180", "--agents", "11", "--sl-target", "80");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("exactly one of --sl-target or --asa-target", result.Error);
    }

    [Fact]
    public async Task Staffing_for_an_asa_target_alone_finds_the_agents_that_keep_the_average_wait_under_it()
    {
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            "staffing", "--offered", "100", "--interval-minutes", "30", "--aht", "180", "--asa-target", "20");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output.TrimEnd().Split('\n')[^1]);
        // 12 agents give an ASA of 40.4 s, 13 agents 17.1 s (same example as above).
        Assert.Equal(13, json.RootElement.GetProperty("agents").GetInt32());
        Assert.True(json.RootElement.GetProperty("asa_seconds").GetDouble() <= 20);
    }
}
