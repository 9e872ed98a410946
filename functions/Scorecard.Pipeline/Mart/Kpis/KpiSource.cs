namespace Scorecard.Pipeline.Mart;

/// <summary>
/// A base relation KPIs are computed over: its date column (which day a row counts on) and, per level other than
/// centre, the column naming the member (<c>queue_id</c>, <c>team_id</c>, <c>agent_id</c>).
/// </summary>
public sealed record KpiSource(string Name, string Relation, string DateColumn, IReadOnlyDictionary<string, string> LevelColumns);
