namespace Scorecard.Pipeline.Exports;

/// <summary>One queue and interval of <see cref="IntradayView"/> (a row of <c>scorecard.fct_interval_staffing</c>).</summary>
public sealed record IntradayCell(
    string QueueId,
    TimeOnly IntervalStart,
    long OfferedContacts,
    double? ServiceLevel,
    double? PredictedServiceLevel,
    int? RequiredAgents,
    int RequiredScheduledAgents,
    double? ScheduledAgents,
    double? StaffingGapAgents);
