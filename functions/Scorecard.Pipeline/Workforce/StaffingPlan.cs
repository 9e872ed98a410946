namespace Scorecard.Pipeline.Workforce;

/// <summary>
/// Agents needed for a <see cref="StaffingTarget"/>: <see cref="Required"/> are the agents on contacts at once (what
/// Erlang C gives), <see cref="Scheduled"/> the agents to schedule so that, after <see cref="Shrinkage"/> (the share of
/// paid time not available for contacts: breaks, training, meetings, absence), that many remain:
/// ceil(required ÷ (1 − shrinkage)).
/// </summary>
public sealed record StaffingPlan(StaffingFigures Required, double Shrinkage, int Scheduled);
