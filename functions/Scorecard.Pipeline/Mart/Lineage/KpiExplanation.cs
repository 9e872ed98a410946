namespace Scorecard.Pipeline.Mart;

/// <summary>
/// A KPI value traced to its rows: the numerator and denominator recomputed from the rows of <see cref="Relation"/>
/// whose <see cref="DateColumn"/> falls in the period and whose <see cref="MemberColumn"/> (none at centre level) is the member, the value they give, the value the mart published for the same KPI, period, level and
/// member (null when the KPI is not published at that level or grain), and how many rows count.
/// <see cref="RowsAddUp"/> says whether the rows' own numerators and denominators sum to the totals (true for every
/// KPI built from <c>count</c> and <c>sum</c>; a <c>count(distinct ...)</c> KPI counts members, not rows).
/// </summary>
public sealed record KpiExplanation(
    KpiDefinition Kpi,
    string Relation,
    string DateColumn,
    string? MemberColumn,
    string PeriodGrain,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    string Level,
    string MemberId,
    double Numerator,
    double? Denominator,
    double? Value,
    double? PublishedValue,
    bool IsPublishedAtLevel,
    long RowCount,
    bool RowsAddUp);
