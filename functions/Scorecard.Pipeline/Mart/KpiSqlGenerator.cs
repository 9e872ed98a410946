using System.Text;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Generates the <c>{{kpi_parts}}</c> query of <c>scorecard/fct_kpi.sql</c> from the registry: one aggregation per
/// source (each row counted once per period grain, grouped by grouping sets over the levels, every KPI of the
/// source a pair of columns), then one narrow select per KPI, all unioned. Numerators and denominators are
/// computed from the base rows at every grain, so a team or month figure is never an average of ratios.
/// </summary>
internal static class KpiSqlGenerator
{
    /// <summary>The KPI parts; <paramref name="scoped"/> (an incremental build) reads only the base rows whose date lies
    /// in a KPI period the build recomputes for that source (<see cref="IncrementalScope.SourcePeriodDays"/>).</summary>
    public static string Generate(KpiRegistry registry, bool scoped = false)
    {
        var sql = new StringBuilder();
        var sources = registry.Sources.Where(s => registry.Kpis.Any(k => k.Source == s.Name)).ToList();
        sql.AppendLine("with");
        sql.AppendJoin(",\n\n", sources.Select(s => SourceParts(s, registry.Kpis.Where(k => k.Source == s.Name).ToList(), scoped)));
        sql.AppendLine();
        sql.AppendLine();
        sql.AppendJoin("\nunion all\n", registry.Kpis.Select(KpiSelect));
        return sql.ToString();
    }

    /// <summary>
    /// A query that runs one KPI's numerator, denominator and sample over its source for a single made-up period,
    /// returning no rows: it fails exactly when the KPI's expressions do not fit its source.
    /// </summary>
    public static string CheckQuery(KpiDefinition kpi, KpiSource source) =>
        $"""
        select
            cast(({kpi.Numerator}) as double),
            cast(({kpi.Denominator ?? "null"}) as double),
            cast(({kpi.Sample ?? "null"}) as bigint),
        from (
            select base.*, 'day' as period_grain, base.{source.DateColumn} as period_start, base.{source.DateColumn} as period_end
            from {source.Relation} as base
        ) as periodised
        where false
        """;

    private static string SourceParts(KpiSource source, IReadOnlyList<KpiDefinition> kpis, bool scoped)
    {
        string date = $"base.{source.DateColumn}";
        string scope = scoped ? " and " + IncrementalScope.PeriodDaysPredicate(date, source.Name) : "";
        string periodScope = scoped ? "\n                        and " + IncrementalScope.SourcePeriodPredicate(source.Name, "periods.period_grain", "periods.period_start") : "";
        var levelColumns = KpiRegistry.LevelNames.Skip(1).Where(source.LevelColumns.ContainsKey)
            .Select(level => (Level: level, Column: source.LevelColumns[level])).ToList();
        const string period = "period_grain, period_start, period_end";
        var groupingSets = new List<string> { $"({period})" };
        groupingSets.AddRange(levelColumns.Select(l => $"({period}, {l.Column})"));
        string level = levelColumns.Count == 0
            ? "'centre'"
            : "case " + string.Concat(levelColumns.Select(l => $"when grouping({l.Column}) = 0 then '{l.Level}' ")) + "else 'centre' end";
        string member = levelColumns.Count == 0
            ? "'centre'"
            : "case " + string.Concat(levelColumns.Select(l => $"when grouping({l.Column}) = 0 then cast({l.Column} as varchar) ")) + "else 'centre' end";

        var measures = new StringBuilder();
        foreach (KpiDefinition kpi in kpis)
        {
            string sample = kpi.Sample ?? (kpi.HasDenominator ? $"round({kpi.Denominator})" : "null");
            measures.AppendLine($"            -- {kpi.Id}");
            measures.AppendLine($"            cast(({kpi.Numerator}) as double) as {kpi.Id}__numerator,");
            measures.AppendLine($"            cast(({kpi.Denominator ?? "null"}) as double) as {kpi.Id}__denominator,");
            measures.AppendLine($"            cast(({sample}) as bigint) as {kpi.Id}__sample_size,");
        }

        return $"""
            parts_{source.Name} as (
                select
                    period_grain,
                    period_start,
                    period_end,
                    {level} as level,
                    {member} as member_id,
            {measures.ToString().TrimEnd()}
                from (
                    select base.*, periods.period_grain, periods.period_start, periods.period_end
                    from {source.Relation} as base
                    cross join lateral (
                        values
                            ('day', {date}, {date}),
                            ('week', cast(date_trunc('week', {date}) as date), cast(date_trunc('week', {date}) + interval 6 day as date)),
                            ('month', cast(date_trunc('month', {date}) as date), last_day({date}))
                    ) as periods (period_grain, period_start, period_end)
                    where {date} is not null{scope}{periodScope}
                ) as periodised
                group by grouping sets ({string.Join(", ", groupingSets)})
            )
            """;
    }

    private static string KpiSelect(KpiDefinition kpi) =>
        $"""
        select
            '{kpi.Id}' as kpi_id,
            period_grain,
            period_start,
            period_end,
            level,
            member_id,
            {kpi.Id}__numerator as numerator,
            {kpi.Id}__denominator as denominator,
            {kpi.Id}__sample_size as sample_size,
        from parts_{kpi.Source}
        where member_id is not null
            and period_grain in ({Quoted(kpi.Periods)})
            and level in ({Quoted(kpi.Levels)})
        """;

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));
}
