using Scorecard.Pipeline.Ingest;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Learning-and-growth and occupancy measures from the HR extracts.</summary>
public sealed class PeopleKpiTests
{
    private const int Precision = 6;

    /// <summary>
    /// Four agents employed all October except a4, whose last day is 15 October. Shifts on 1 and 31 October make
    /// the calendar span the month: headcount is 4 for 15 days and 3 for 16, an average of 108 / 31.
    /// </summary>
    private static void WriteOctoberRoster(MartTestBed bed)
    {
        bed.Write(ExtractContracts.Agents, Agent("a1"), Agent("a2"), Agent("a3"), Agent("a4", left: "2026-10-15"));
        bed.Write(ExtractContracts.Shifts, Shift("a1", "2026-10-01", loggedInSeconds: 1000), Shift("a1", "2026-10-31"));
        bed.Write(ExtractContracts.Training, Training("a1", "2026-10-05", 4m), Training("a2", "2026-10-06", 2m));
    }

    [Fact]
    public void Retention_is_the_share_of_agents_at_period_start_still_employed_at_its_end()
    {
        using var bed = new MartTestBed();
        WriteOctoberRoster(bed);

        bed.Build();

        var month = bed.Kpi("agent_retention", grain: "month");
        Assert.Equal(3.0, month!.Numerator);
        Assert.Equal(4.0, month.Denominator);
        Assert.Equal(75.0, month.Value!.Value, Precision);
    }

    [Fact]
    public void Attrition_is_leavers_over_the_average_daily_headcount()
    {
        using var bed = new MartTestBed();
        WriteOctoberRoster(bed);

        bed.Build();

        // 1 leaver / (108 / 31) x 100.
        Assert.Equal(100.0 * 31 / 108, bed.Value("agent_attrition", grain: "month")!.Value, Precision);
        Assert.Equal(100.0 * 31 / 108, bed.Value("agent_attrition", grain: "month", level: "team", member: "t1")!.Value, Precision);
    }

    [Fact]
    public void Training_hours_per_agent_divide_by_the_average_headcount()
    {
        using var bed = new MartTestBed();
        WriteOctoberRoster(bed);

        bed.Build();

        // (4 + 2) hours / (108 / 31) agents.
        Assert.Equal(6.0 * 31 / 108, bed.Value("training_hours_per_agent", grain: "month")!.Value, Precision);
    }

    [Fact]
    public void Occupancy_is_handle_time_over_logged_in_time()
    {
        using var bed = new MartTestBed();
        WriteOctoberRoster(bed);
        bed.Write(ExtractContracts.Contacts, Answered("c1", talkSeconds: 100, acwSeconds: 20), Answered("c2", talkSeconds: 100, acwSeconds: 20));

        bed.Build();

        // 240 handle seconds / 1000 logged-in seconds.
        Assert.Equal(24.0, bed.Value("occupancy", level: "agent", member: "a1")!.Value, Precision);
    }

    [Fact]
    public void Esat_is_the_share_of_responses_scoring_4_or_5()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.EmployeeSurveys, Esat("e1", 5), Esat("e2", 4), Esat("e3", 3), Esat("e4", 1));

        bed.Build();

        Assert.Equal(50.0, bed.Value("employee_satisfaction")!.Value, Precision);
        Assert.Equal(50.0, bed.Value("employee_satisfaction", level: "team", member: "t1")!.Value, Precision);
    }
}
