namespace Scorecard.Pipeline.Workforce;

/// <summary>
/// What Erlang C predicts for <paramref name="Agents"/> agents on a <see cref="StaffingQuestion"/>: the probability
/// that a contact waits at all, the share answered within the threshold, the average speed of answer (over all
/// contacts, those answered at once included) and occupancy (traffic ÷ agents). Fractions are 0-1. With no more
/// agents than erlangs the queue grows without bound: waiting is certain, service level 0 and ASA infinite.
/// </summary>
public sealed record StaffingFigures(
    int Agents,
    double TrafficErlangs,
    double ProbabilityOfWaiting,
    double ServiceLevel,
    double AverageSpeedOfAnswerSeconds,
    double Occupancy)
{
    /// <summary>Whether the agents can keep up at all (more agents than erlangs, or no traffic).</summary>
    public bool IsStable => TrafficErlangs == 0 || Agents > TrafficErlangs;
}
