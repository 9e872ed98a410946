namespace Scorecard.SampleData;

/// <summary>An agent logged in on a given day, with the hours (UTC, [start, end)) the shift covers.</summary>
internal sealed record OnDutyAgent(SampleAgent Agent, int StartHour, int EndHour);
