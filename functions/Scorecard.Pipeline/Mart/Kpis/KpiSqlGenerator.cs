using System.Text;
using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Generates the <c>{{kpi_parts}}</c> query of <c>scorecard/fct_kpi.sql</c> from the registry: one aggregation per
/// source (each row counted once per period grain, grouped by grouping sets over the levels, every KPI of the
/// source a pair of columns), then one narrow select per KPI, all unioned. Numerators and denominators are
/// computed from the base rows at every grain, so a team or month figure is never an average of ratios.
/// </summary>
internal static class KpiSqlGenerator
{
    /// <summary>The KPI parts (each source's aggregation a materialized CTE: every KPI of the source reads it, and an
    /// inlined CTE would be aggregated again per KPI); <paramref name="scoped"/> (an incremental build) reads only the base rows whose date lies
    /// in a KPI period the build recomputes for that source (<see cref="IncrementalScope.SourcePeriodDays"/>).</summary>
    public static string Generate(KpiRegistry registry, bool scoped = false)
    {
        var sql = new StringBuilder();
        var parts = new List<string>();
        foreach (KpiSource source in registry.Sources)
        {
            var kpis = registry.Kpis.Where(k => k.Source == source.Name).ToList();
            var additive = kpis.Where(IsAdditive).ToList();
            var other = kpis.Except(additive).ToList();
            if (additive.Count > 0)
            {
                parts.Add(AdditiveParts(source, additive, scoped));
            }

            if (other.Count > 0)
            {
                parts.Add(SourceParts(source, other, scoped));
            }
        }

        sql.AppendLine("with");
        sql.AppendJoin(",\n\n", parts);
        sql.AppendLine();
        sql.AppendLine();
        sql.AppendJoin("\nunion all\n", registry.Kpis.Select(k => KpiSelect(k, IsAdditive(k) ? AdditivePartsName(k.Source) : PartsName(k.Source))));
        return sql.ToString();
    }

    /// <summary>True when the KPI's numerator, denominator and sample are sums and differences of additive aggregates
    /// (<see cref="AdditiveExpression"/>): its week and month values are rolled up from its days.</summary>
    public static bool IsAdditive(KpiDefinition kpi) =>
        AdditiveExpression.TryParse(kpi.Numerator) is not null
        && (kpi.Denominator is null || AdditiveExpression.TryParse(kpi.Denominator) is not null)
        && (kpi.Sample is null || AdditiveExpression.TryParse(kpi.Sample) is not null);

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

    private static string PartsName(string source) => $"parts_{source}";

    private static string AdditivePartsName(string source) => $"parts_{source}_rolled_up";

    /// <summary>Level and member expressions of a grouping-sets aggregation over the source's level columns.</summary>
    private static (string Level, string Member, List<string> Columns) Levels(KpiSource source)
    {
        var levelColumns = KpiRegistry.LevelNames.Skip(1).Where(source.LevelColumns.ContainsKey)
            .Select(level => (Level: level, Column: source.LevelColumns[level])).ToList();
        string level = levelColumns.Count == 0
            ? "'centre'"
            : "case " + string.Concat(levelColumns.Select(l => $"when grouping({l.Column}) = 0 then '{l.Level}' ")) + "else 'centre' end";
        string member = levelColumns.Count == 0
            ? "'centre'"
            : "case " + string.Concat(levelColumns.Select(l => $"when grouping({l.Column}) = 0 then cast({l.Column} as varchar) ")) + "else 'centre' end";
        return (level, member, levelColumns.Select(l => l.Column).ToList());
    }

    /// <summary>The schema of the stored day-level terms: one table per KPI source with additive KPIs.</summary>
    public const string DaysSchema = "kpi_days";

    /// <summary>The marker in a <see cref="DayTermQueries"/> query that the caller replaces with its day predicate.</summary>
    public const string DayFilter = "__day_filter__";

    /// <summary>The stored day-level terms of <paramref name="source"/>: every distinct additive aggregate of its KPIs
    /// by day, level and member, what weeks and months are summed from.</summary>
    public static string DaysRelation(KpiSource source) => $"{DaysSchema}.{source.Name}";

    /// <summary>
    /// Per KPI source with additive KPIs, the query of its day-level terms from the base rows whose date satisfies
    /// <see cref="DayFilter"/> (to be replaced by a predicate over the date column): what <see cref="DaysRelation"/> stores.
    /// </summary>
    public static IReadOnlyList<(KpiSource Source, string Query)> DayTermQueries(KpiRegistry registry) =>
        registry.Sources
            .Select(source => (Source: source, Kpis: registry.Kpis.Where(k => k.Source == source.Name && IsAdditive(k)).ToList()))
            .Where(s => s.Kpis.Count > 0)
            .Select(s => (s.Source, TermsQuery(s.Source, new AdditiveTerms(s.Kpis))))
            .ToList();

    /// <summary>
    /// Per KPI source with additive KPIs, the number of its stored terms (<c>term_0</c> ..) and, per additive KPI, the
    /// terms its numerator, denominator and sample read: a KPI's value over a period changes only when one of its own
    /// terms changes on a day of the period.
    /// </summary>
    public static IReadOnlyList<(KpiSource Source, int TermCount, IReadOnlyList<(string KpiId, IReadOnlyList<int> Terms)> Kpis)> DayTermsByKpi(KpiRegistry registry) =>
        registry.Sources
            .Select(source => (Source: source, Kpis: registry.Kpis.Where(k => k.Source == source.Name && IsAdditive(k)).ToList()))
            .Where(s => s.Kpis.Count > 0)
            .Select(s =>
            {
                var terms = new AdditiveTerms(s.Kpis);
                IReadOnlyList<(string, IReadOnlyList<int>)> kpis = terms.Parsed.Select(p => (p.Kpi.Id, terms.TermsOf[p.Kpi.Id])).ToList();
                return (s.Source, terms.Terms.Count, kpis);
            })
            .ToList();

    private static string TermsQuery(KpiSource source, AdditiveTerms terms)
    {
        string date = source.DateColumn;
        (string level, string member, List<string> columns) = Levels(source);
        var groupingSets = new List<string> { $"({date})" };
        groupingSets.AddRange(columns.Select(c => $"({date}, {c})"));
        string termColumns = string.Join(",\n", terms.Terms.Select((t, k) => $"    {t} as term_{k}"));
        return $"""
            select
                {date} as day,
                {level} as level,
                {member} as member_id,
            {termColumns},
            from {source.Relation} as base
            where {date} is not null and ({DayFilter})
            group by grouping sets ({string.Join(", ", groupingSets)})
            """;
    }

    /// <summary>
    /// Additive KPIs of a source: their aggregates (each once, however many KPIs share it) by day, level and member,
    /// read from the stored day-level terms (<see cref="DaysRelation"/>), then each KPI's numerator, denominator and
    /// sample by day from them and by week and month from their sums. An incremental build recomputes the stored terms
    /// of the days a source changed on only, and sums the recomputed periods from the stored days.
    /// </summary>
    private static string AdditiveParts(KpiSource source, IReadOnlyList<KpiDefinition> kpis, bool scoped)
    {
        var additive = new AdditiveTerms(kpis);
        string Measures(Func<int, string> term)
        {
            var measures = new StringBuilder();
            foreach (var (kpi, numerator, denominator, sample) in additive.Parsed)
            {
                string denominatorSql = denominator?.Invoke(term) ?? "null";
                string sampleSql = sample?.Invoke(term) ?? (denominator is not null ? $"round({denominatorSql})" : "null");
                measures.AppendLine($"            -- {kpi.Id}");
                measures.AppendLine($"            cast(({numerator(term)}) as double) as {kpi.Id}__numerator,");
                measures.AppendLine($"            cast(({denominatorSql}) as double) as {kpi.Id}__denominator,");
                measures.AppendLine($"            cast(({sampleSql}) as bigint) as {kpi.Id}__sample_size,");
            }

            return measures.ToString().TrimEnd();
        }

        string scope = scoped ? "\n    where " + IncrementalScope.PeriodDaysPredicate("day", source.Name) : "";
        string periodScope = scoped
            ? "\n    where " + IncrementalScope.SourcePeriodPredicate(source.Name, "rolled.period_grain", "rolled.period_start")
            : "";
        return $"""
            terms_{source.Name} as materialized (
                select * from {DaysRelation(source)}{scope}
            ),

            {AdditivePartsName(source.Name)} as materialized (
                select * from (
                    select 'day' as period_grain, day as period_start, day as period_end, level, member_id,
            {Measures(k => $"term_{k}")}
                    from terms_{source.Name}
                    union all
                    select 'week', cast(date_trunc('week', day) as date), cast(date_trunc('week', day) + interval 6 day as date), level, member_id,
            {Measures(k => $"sum(term_{k})")}
                    from terms_{source.Name}
                    group by all
                    union all
                    select 'month', cast(date_trunc('month', day) as date), last_day(day), level, member_id,
            {Measures(k => $"sum(term_{k})")}
                    from terms_{source.Name}
                    group by all
                ) as rolled{periodScope}
            )
            """;
    }

    /// <summary>The distinct aggregates (terms) of a source's additive KPIs, and each KPI's numerator, denominator and
    /// sample composed from the SQL given per term.</summary>
    private sealed class AdditiveTerms
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        private List<int> _registering = [];

        public AdditiveTerms(IReadOnlyList<KpiDefinition> kpis) =>
            Parsed = kpis.Select(k =>
            {
                _registering = [];
                var parsed = (Kpi: k, Numerator: Register(k.Numerator)!, Denominator: Register(k.Denominator), Sample: Register(k.Sample));
                TermsOf[k.Id] = _registering.Distinct().Order().ToList();
                return parsed;
            }).ToList();

        public List<string> Terms { get; } = [];

        /// <summary>Per KPI, the indexes of the terms its numerator, denominator and sample read.</summary>
        public Dictionary<string, IReadOnlyList<int>> TermsOf { get; } = new(StringComparer.Ordinal);

        public List<(KpiDefinition Kpi, Func<Func<int, string>, string> Numerator, Func<Func<int, string>, string>? Denominator, Func<Func<int, string>, string>? Sample)> Parsed { get; }

        private Func<Func<int, string>, string>? Register(string? text)
        {
            if (text is null)
            {
                return null;
            }

            AdditiveExpression expression = AdditiveExpression.TryParse(text)!;
            var mapped = expression.Terms.Select(t =>
            {
                string key = Regex.Replace(t, @"\s+", " ").Trim();
                if (!_index.TryGetValue(key, out int k))
                {
                    k = Terms.Count;
                    _index[key] = k;
                    Terms.Add(t);
                }

                _registering.Add(k);
                return k;
            }).ToList();
            return term => expression.Compose(i => term(mapped[i]));
        }
    }

    private static string SourceParts(KpiSource source, IReadOnlyList<KpiDefinition> kpis, bool scoped)
    {
        string date = $"base.{source.DateColumn}";
        string scope = scoped ? " and " + IncrementalScope.PeriodDaysPredicate(date, source.Name) : "";
        string periodScope = scoped ? "\n                        and " + IncrementalScope.SourcePeriodPredicate(source.Name, "periods.period_grain", "periods.period_start") : "";
        (string level, string member, List<string> columns) = Levels(source);
        const string period = "period_grain, period_start, period_end";
        var groupingSets = new List<string> { $"({period})" };
        groupingSets.AddRange(columns.Select(c => $"({period}, {c})"));

        // Each base row counts once per period grain one of these KPIs is reported at (the people KPIs are monthly:
        // their distinct counts are not aggregated by day and week only to be dropped).
        var periodRows = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["day"] = $"('day', {date}, {date})",
            ["week"] = $"('week', cast(date_trunc('week', {date}) as date), cast(date_trunc('week', {date}) + interval 6 day as date))",
            ["month"] = $"('month', cast(date_trunc('month', {date}) as date), last_day({date}))",
        };
        var grains = periodRows.Where(p => kpis.Any(k => k.Periods.Contains(p.Key))).Select(p => p.Value).ToList();

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
            {PartsName(source.Name)} as materialized (
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
                            {string.Join(",\n                            ", grains)}
                    ) as periods (period_grain, period_start, period_end)
                    where {date} is not null{scope}{periodScope}
                ) as periodised
                group by grouping sets ({string.Join(", ", groupingSets)})
            )
            """;
    }

    private static string KpiSelect(KpiDefinition kpi, string parts) =>
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
        from {parts}
        where member_id is not null
            and period_grain in ({Quoted(kpi.Periods)})
            and level in ({Quoted(kpi.Levels)})
        """;

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));
}
