using Scorecard.Pipeline.Workforce;

namespace Scorecard.Pipeline.Tests.Workforce;

public sealed class ErlangCTests
{
    /// <summary>
    /// Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
    /// (https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm): 100 calls in 30 minutes, AHT 180 s,
    /// 80% answered within 20 s, 30% shrinkage. Traffic 10 erlangs; 11 agents give P(wait) 68.2% and SL 39.0%;
    /// 14 agents are needed (SL 88.8%, P(wait) 17.4%, ASA 7.8 s, occupancy 71.4%); 20 agents after shrinkage.
    /// The same example with more digits is published in the pyworkforce README (https://pypi.org/project/pyworkforce/0.1.0/:
    /// raw_positions 14, positions 20, service_level 0.8883500, waiting_probability 0.1741319, occupancy 0.7142857)
    /// and the R package ErlangC (https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html: average speed of
    /// answer 7.835937 s; 11 agents: wait probability 0.6821182, service level 0.3896138).
    /// </summary>
    private static readonly StaffingQuestion CallCentreHelperExample = new(OfferedContacts: 100, IntervalSeconds: 30 * 60, AverageHandleSeconds: 180, ThresholdSeconds: 20);

    [Fact]
    public void Required_agents_match_the_published_100_calls_in_30_minutes_example()
    {
        StaffingPlan plan = ErlangC.Plan(CallCentreHelperExample, new StaffingTarget(0.80), shrinkage: 0.30);

        Assert.Equal(10, plan.Required.TrafficErlangs, 12);
        Assert.Equal(14, plan.Required.Agents);
        Assert.Equal(0.8883500, plan.Required.ServiceLevel, 6);
        Assert.Equal(0.1741319, plan.Required.ProbabilityOfWaiting, 6);
        Assert.Equal(7.835937, plan.Required.AverageSpeedOfAnswerSeconds, 5);
        Assert.Equal(0.7142857, plan.Required.Occupancy, 6);
        Assert.Equal(20, plan.Scheduled);
    }

    [Fact]
    public void Eleven_agents_on_the_published_example_give_its_first_iteration()
    {
        StaffingFigures figures = ErlangC.Evaluate(CallCentreHelperExample, 11);

        Assert.Equal(0.6821182, figures.ProbabilityOfWaiting, 6);
        Assert.Equal(0.3896138, figures.ServiceLevel, 6);
    }

    [Fact]
    public void Required_agents_are_the_fewest_that_meet_the_target()
    {
        StaffingFigures required = ErlangC.RequiredAgents(CallCentreHelperExample, new StaffingTarget(0.80));

        StaffingFigures oneFewer = ErlangC.Evaluate(CallCentreHelperExample, required.Agents - 1);
        Assert.True(oneFewer.ServiceLevel < 0.80, $"13 agents give {oneFewer.ServiceLevel:P2}");
        Assert.True(required.ServiceLevel >= 0.80);
    }

    /// <summary>
    /// Erlang B loss-table values (blocking probability for A erlangs on N lines), as printed in standard Erlang B
    /// tables: 2 E on 5 lines 3.67%, 5 E on 10 lines 1.84%, 10 E on 14 lines 5.68%; 17 E at 1% blocking needs 27 lines.
    /// </summary>
    [Theory]
    [InlineData(2, 5, 0.0367)]
    [InlineData(5, 10, 0.0184)]
    [InlineData(10, 14, 0.0568)]
    public void Erlang_B_recursion_matches_loss_table_values(double erlangs, int lines, double blocking)
    {
        double computed = ErlangC.BlockingProbability(erlangs, lines);

        Assert.Equal(blocking, computed, 4);
    }

    [Fact]
    public void Erlang_B_recursion_finds_the_table_line_count_for_17_erlangs_at_1_percent()
    {
        int lines = Enumerable.Range(1, 100).First(n => ErlangC.BlockingProbability(17, n) < 0.01);

        Assert.Equal(27, lines);
    }

    [Theory]
    [InlineData(360, 240, 15, 55)]
    [InlineData(2_000, 300, 20, 400)]
    [InlineData(12_000, 180, 20, 1_250)]
    [InlineData(60_000, 240, 20, 8_200)]
    public void Erlang_C_agrees_with_a_log_space_sum_for_hundreds_and_thousands_of_agents(double offered, double aht, double threshold, int agents)
    {
        var question = new StaffingQuestion(offered, 1800, aht, threshold);

        StaffingFigures figures = ErlangC.Evaluate(question, agents);

        // A^N/N! overflows a double from N = 171 on; the reference sums the Poisson terms in log space instead.
        double reference = LogSpaceErlangC(question.TrafficErlangs, agents);
        Assert.True(double.IsFinite(figures.ProbabilityOfWaiting) && figures.ProbabilityOfWaiting is > 0 and < 1, $"P(wait) {figures.ProbabilityOfWaiting}");
        Assert.Equal(reference, figures.ProbabilityOfWaiting, 9);
        Assert.InRange(figures.ServiceLevel, 0, 1);
    }

    [Fact]
    public void Required_agents_for_thousands_of_erlangs_are_found_and_are_the_fewest()
    {
        var question = new StaffingQuestion(OfferedContacts: 20_000, IntervalSeconds: 1800, AverageHandleSeconds: 180, ThresholdSeconds: 20);

        StaffingFigures required = ErlangC.RequiredAgents(question, new StaffingTarget(0.80));

        Assert.InRange(required.Agents, 2_001, 2_100);
        Assert.True(required.ServiceLevel >= 0.80);
        Assert.True(ErlangC.Evaluate(question, required.Agents - 1).ServiceLevel < 0.80);
    }

    [Fact]
    public void An_asa_target_can_need_more_agents_than_the_service_level_target()
    {
        StaffingFigures bySl = ErlangC.RequiredAgents(CallCentreHelperExample, new StaffingTarget(0.80));

        StaffingFigures byAsa = ErlangC.RequiredAgents(CallCentreHelperExample, new StaffingTarget(0.80, AverageSpeedOfAnswerSeconds: 5));

        Assert.Equal(15, byAsa.Agents);
        Assert.True(byAsa.AverageSpeedOfAnswerSeconds <= 5);
        Assert.True(bySl.AverageSpeedOfAnswerSeconds > 5);
    }

    [Fact]
    public void A_maximum_occupancy_can_need_more_agents_than_the_service_level_target()
    {
        StaffingFigures required = ErlangC.RequiredAgents(CallCentreHelperExample, new StaffingTarget(0.10, MaximumOccupancy: 0.85));

        Assert.Equal(12, required.Agents);
        Assert.True(required.Occupancy <= 0.85);
    }

    [Fact]
    public void No_offered_contacts_need_no_agents()
    {
        StaffingFigures required = ErlangC.RequiredAgents(CallCentreHelperExample with { OfferedContacts = 0 }, new StaffingTarget(0.80));

        Assert.Equal(0, required.Agents);
        Assert.Equal(1, required.ServiceLevel);
    }

    [Fact]
    public void Too_few_agents_for_the_traffic_are_reported_as_never_catching_up()
    {
        StaffingFigures figures = ErlangC.Evaluate(CallCentreHelperExample, 10);

        Assert.False(figures.IsStable);
        Assert.Equal(1, figures.ProbabilityOfWaiting);
        Assert.Equal(0, figures.ServiceLevel);
        Assert.True(double.IsPositiveInfinity(figures.AverageSpeedOfAnswerSeconds));
    }

    [Theory]
    [InlineData(14, 0.30, 20)]
    [InlineData(14, 0, 14)]
    [InlineData(13, 0.30, 19)]
    [InlineData(0, 0.30, 0)]
    public void Scheduled_agents_cover_the_required_agents_after_shrinkage(int required, double shrinkage, int scheduled)
    {
        Assert.Equal(scheduled, ErlangC.ScheduledAgents(required, shrinkage));
    }

    [Fact]
    public void Impossible_inputs_are_refused_with_the_value_named()
    {
        var error = Assert.Throws<ArgumentException>(() => ErlangC.Evaluate(CallCentreHelperExample with { AverageHandleSeconds = 0 }, 5));

        Assert.Contains("average handle time", error.Message);
        Assert.Throws<ArgumentException>(() => ErlangC.ScheduledAgents(14, 1));
        Assert.Throws<ArgumentException>(() => ErlangC.RequiredAgents(CallCentreHelperExample, new StaffingTarget(80)));
    }

    /// <summary>C(N, A) from the Poisson terms A^k/k! computed as logarithms and scaled by their largest before summing.</summary>
    private static double LogSpaceErlangC(double erlangs, int agents)
    {
        double[] logTerms = new double[agents + 1];
        double logFactorial = 0;
        for (int k = 0; k <= agents; k++)
        {
            logFactorial += k == 0 ? 0 : Math.Log(k);
            logTerms[k] = k * Math.Log(erlangs) - logFactorial;
        }

        double largest = logTerms.Max();
        double below = logTerms.Take(agents).Sum(t => Math.Exp(t - largest));
        double top = Math.Exp(logTerms[agents] - largest) * agents / (agents - erlangs);
        return top / (below + top);
    }
}
