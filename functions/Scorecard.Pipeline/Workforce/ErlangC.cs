namespace Scorecard.Pipeline.Workforce;

/// <summary>
/// Erlang C (M/M/N queue, patient callers): the probability of waiting, service level, ASA and occupancy for a number
/// of agents, and the fewest agents that meet a target.
/// </summary>
/// <remarks>
/// No factorials or powers: the Erlang B blocking probability is built up agent by agent with the recursion
/// B(0) = 1, B(n) = A·B(n−1) ÷ (n + A·B(n−1)), whose every step stays within 0-1, so it holds for thousands of agents
/// and erlangs. Erlang C follows from it: C(N) = N·B(N) ÷ (N − A·(1 − B(N))) for N &gt; A. Then
/// service level = 1 − C·e^(−(N − A)·T ÷ AHT), ASA = C·AHT ÷ (N − A), occupancy = A ÷ N.
/// </remarks>
public static class ErlangC
{
    /// <summary>Shrinkage used when none is configured: 30%, the common planning default (typical range 20-35%).</summary>
    public const double DefaultShrinkage = 0.30;

    /// <summary>The most agents <see cref="RequiredAgents"/> tries before it gives up (a target no staffing can meet).</summary>
    public const int MaximumAgents = 1_000_000;

    /// <summary>Erlang B: the probability that all <paramref name="agents"/> are busy when no caller waits (lost calls cleared).</summary>
    public static double BlockingProbability(double trafficErlangs, int agents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        double blocking = 1;
        for (int n = 1; n <= agents; n++)
        {
            blocking = NextBlocking(trafficErlangs, n, blocking);
        }

        return blocking;
    }

    /// <summary>The figures Erlang C predicts for <paramref name="agents"/> agents.</summary>
    public static StaffingFigures Evaluate(StaffingQuestion question, int agents)
    {
        question.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        double traffic = question.TrafficErlangs;
        return Figures(question, agents, traffic, BlockingProbability(traffic, agents));
    }

    /// <summary>
    /// The fewest agents whose figures meet <paramref name="target"/> (none when nothing is offered), found by walking
    /// the Erlang B recursion upwards from one agent, so the search costs one step per agent.
    /// </summary>
    public static StaffingFigures RequiredAgents(StaffingQuestion question, StaffingTarget target)
    {
        question.Validate();
        target.Validate();
        double traffic = question.TrafficErlangs;
        if (traffic == 0)
        {
            return Figures(question, 0, 0, 1);
        }

        double blocking = 1;
        for (int agents = 1; agents <= MaximumAgents; agents++)
        {
            blocking = NextBlocking(traffic, agents, blocking);
            if (agents <= traffic)
            {
                continue;
            }

            StaffingFigures figures = Figures(question, agents, traffic, blocking);
            if (target.IsMetBy(figures))
            {
                return figures;
            }
        }

        throw new ArgumentException($"No staffing up to {MaximumAgents:N0} agents meets the target {target} for {question}.");
    }

    /// <summary>Agents required for <paramref name="target"/>, and the agents to schedule once <paramref name="shrinkage"/> is taken off.</summary>
    public static StaffingPlan Plan(StaffingQuestion question, StaffingTarget target, double shrinkage = DefaultShrinkage)
    {
        StaffingFigures required = RequiredAgents(question, target);
        return new StaffingPlan(required, shrinkage, ScheduledAgents(required.Agents, shrinkage));
    }

    /// <summary>
    /// Agents to schedule so that <paramref name="requiredAgents"/> remain after <paramref name="shrinkage"/>:
    /// ceil(required ÷ (1 − shrinkage)); 14 required at 30% shrinkage gives 20.
    /// </summary>
    public static int ScheduledAgents(int requiredAgents, double shrinkage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requiredAgents);
        if (!(shrinkage >= 0 && shrinkage < 1))
        {
            throw new ArgumentException($"Shrinkage must be a fraction from 0 to below 1 (0.3 for 30%), not {shrinkage}.");
        }

        // Rounded first so that 14 ÷ 0.7 = 20.000000000000004 is 20, not 21.
        return (int)Math.Ceiling(Math.Round(requiredAgents / (1 - shrinkage), 9));
    }

    private static double NextBlocking(double traffic, int agents, double previous) =>
        traffic * previous / (agents + traffic * previous);

    private static StaffingFigures Figures(StaffingQuestion question, int agents, double traffic, double blocking)
    {
        if (traffic == 0)
        {
            return new StaffingFigures(agents, 0, 0, 1, 0, 0);
        }

        if (agents <= traffic)
        {
            return new StaffingFigures(agents, traffic, 1, 0, double.PositiveInfinity, 1);
        }

        double spare = agents - traffic;
        double waiting = agents * blocking / (agents - traffic * (1 - blocking));
        double serviceLevel = 1 - waiting * Math.Exp(-spare * question.ThresholdSeconds / question.AverageHandleSeconds);
        double asa = waiting * question.AverageHandleSeconds / spare;
        return new StaffingFigures(agents, traffic, waiting, Math.Max(0, serviceLevel), asa, traffic / agents);
    }
}
