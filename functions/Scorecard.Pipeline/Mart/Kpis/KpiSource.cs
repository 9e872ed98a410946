namespace Scorecard.Pipeline.Mart;

/// <summary>
/// A base relation KPIs are computed over: its date column (which day a row counts on) and, per level other than
/// centre, the column naming the member (<c>queue_id</c>, <c>team_id</c>, <c>agent_id</c>).
/// <para><see cref="ScopeIgnores"/> (<c>scope_ignores</c>): columns whose change alone puts no date of a row in an
/// incremental build's scope, as every KPI reading them reads them only in a period that another column's change on the
/// same row already puts there (an agent's <c>left_date</c>, repeated on each of their days, and <c>is_leaving_day</c>
/// on the leaving day).</para>
/// </summary>
public sealed record KpiSource(string Name, string Relation, string DateColumn, IReadOnlyDictionary<string, string> LevelColumns)
{
    public IReadOnlyList<string> ScopeIgnores { get; init; } = [];
}
