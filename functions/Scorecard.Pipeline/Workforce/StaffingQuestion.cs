namespace Scorecard.Pipeline.Workforce;

/// <summary>
/// The traffic of one interval that Erlang C staffs: <paramref name="OfferedContacts"/> arriving in
/// <paramref name="IntervalSeconds"/>, each taking <paramref name="AverageHandleSeconds"/> of an agent's time, with a
/// contact counting as answered in time when it waits at most <paramref name="ThresholdSeconds"/>.
/// </summary>
public sealed record StaffingQuestion(double OfferedContacts, double IntervalSeconds, double AverageHandleSeconds, double ThresholdSeconds)
{
    /// <summary>Offered workload in erlangs: offered × AHT ÷ interval length (10 for 100 calls of 180 s in 30 minutes).</summary>
    public double TrafficErlangs => OfferedContacts * AverageHandleSeconds / IntervalSeconds;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible input.</summary>
    public void Validate()
    {
        if (!(OfferedContacts >= 0) || double.IsInfinity(OfferedContacts))
        {
            throw new ArgumentException($"Offered contacts must be zero or more, not {OfferedContacts}.");
        }

        if (!(IntervalSeconds > 0) || double.IsInfinity(IntervalSeconds))
        {
            throw new ArgumentException($"The interval must be longer than 0 seconds, not {IntervalSeconds}.");
        }

        if (!(AverageHandleSeconds > 0) || double.IsInfinity(AverageHandleSeconds))
        {
            throw new ArgumentException($"The average handle time must be more than 0 seconds, not {AverageHandleSeconds}.");
        }

        if (!(ThresholdSeconds >= 0) || double.IsInfinity(ThresholdSeconds))
        {
            throw new ArgumentException($"The service-level threshold must be 0 seconds or more, not {ThresholdSeconds}.");
        }
    }
}
