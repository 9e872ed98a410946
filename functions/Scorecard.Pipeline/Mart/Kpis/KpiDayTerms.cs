using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Keeps the stored day-level KPI terms (<see cref="KpiSqlGenerator.DaysRelation"/>, schema <c>kpi_days</c> of the mart)
/// that <c>scorecard.fct_kpi</c> sums weeks and months from: a full build computes them from every base row, an
/// incremental build computes again the days each source changed on (<c>build_scope.kpi_dates</c>), so a new day
/// costs its own rows, not its month's. Runs just before <c>fct_kpi</c>, when every source is built.
/// <para>
/// An incremental build also compares each recomputed day's terms with the stored ones and keeps in
/// <c>build_scope.kpi_periods</c> only the periods of an additive KPI in which one of that KPI's own terms changed
/// (<c>build_scope.kpi_changed_terms</c>): the contact dates the FCR window reaches back change the FCR terms only,
/// so the other contact KPIs of those days are not written again. Unchanged terms give the stored rows, so this is exact.
/// </para>
/// </summary>
internal static class KpiDayTerms
{
    /// <summary>The (source, day, term) triples whose stored value an incremental build changed.</summary>
    public const string ChangedTerms = IncrementalScope.Schema + ".kpi_changed_terms";

    public static void Refresh(DuckDBConnection connection, KpiRegistry registry, bool incremental)
    {
        connection.Execute($"create schema if not exists {KpiSqlGenerator.DaysSchema}");
        if (incremental)
        {
            connection.Execute($"create or replace table {ChangedTerms} (source varchar, date_day date, term integer)");
        }

        var termCounts = KpiSqlGenerator.DayTermsByKpi(registry).ToDictionary(s => s.Source.Name, s => s.TermCount, StringComparer.Ordinal);
        foreach ((KpiSource source, string query) in KpiSqlGenerator.DayTermQueries(registry))
        {
            string table = KpiSqlGenerator.DaysRelation(source);
            if (!incremental)
            {
                connection.Execute($"create or replace table {table} as\n{query.Replace(KpiSqlGenerator.DayFilter, "true", StringComparison.Ordinal)}");
                continue;
            }

            // The changed days as literals: a source living in Parquet (a view of its partitions) then reads only
            // those days' files, where a subquery would have it read every partition of the history.
            string changed = connection.Scalar<string>($"""
                select coalesce(string_agg(distinct 'date ''' || strftime(date_day, '%Y-%m-%d') || '''', ', '), '')
                from {IncrementalScope.Schema}.kpi_dates where source = {SqlText.Literal(source.Name)}
                """);
            if (changed.Length == 0)
            {
                continue;
            }

            string recomputed = $"{IncrementalScope.Schema}.kpi_day_terms_{source.Name}";
            connection.Execute($"create or replace table {recomputed} as\n{query.Replace(KpiSqlGenerator.DayFilter, $"{source.DateColumn} in ({changed})", StringComparison.Ordinal)}");
            connection.Execute(ChangedTermsQuery(source.Name, termCounts[source.Name], $"(select * from {table} where day in ({changed}))", recomputed));
            connection.Execute($"delete from {table} where day in ({changed})");
            connection.Execute($"insert into {table} select * from {recomputed}");
            connection.Execute($"drop table {recomputed}");
        }
    }

    /// <summary>
    /// Narrows <see cref="IncrementalScope.KpiPeriods"/> to the periods of each additive KPI that contain a day on which
    /// one of its own terms changed (<see cref="ChangedTerms"/>, filled by <see cref="Refresh"/>); KPIs that are not
    /// sums of day terms keep every period their source changed in; a KPI keeps no period of a grain it is not reported
    /// at (agent retention is monthly: its source's changed days and weeks write none of its rows). Returns the KPI
    /// periods left.
    /// </summary>
    public static long NarrowKpiPeriods(DuckDBConnection connection, KpiRegistry registry)
    {
        string grains = string.Join(", ", registry.Kpis.SelectMany(k => k.Periods.Select(p => $"({SqlText.Literal(k.Id)}, {SqlText.Literal(p)})")));
        connection.Execute($"""
            delete from {IncrementalScope.KpiPeriods} as scoped
            where not exists (
                select 1 from (values {grains}) as reported (kpi_id, period_grain)
                where reported.kpi_id = scoped.kpi_id and reported.period_grain = scoped.period_grain
            )
            """);
        var pairs = KpiSqlGenerator.DayTermsByKpi(registry)
            .SelectMany(s => s.Kpis.SelectMany(k => k.Terms.Select(t => string.Create(CultureInfo.InvariantCulture,
                $"({SqlText.Literal(k.KpiId)}, {SqlText.Literal(s.Source.Name)}, {t})"))))
            .ToList();
        if (pairs.Count > 0)
        {
            connection.Execute($"""
                delete from {IncrementalScope.KpiPeriods} as scoped
                where scoped.kpi_id in (select kpi_id from (values {string.Join(", ", pairs)}) as reads (kpi_id, source, term))
                    and not exists (
                        select 1
                        from {ChangedTerms} as changed
                        inner join (values {string.Join(", ", pairs)}) as reads (kpi_id, source, term)
                            on reads.source = changed.source and reads.term = changed.term
                        where reads.kpi_id = scoped.kpi_id
                            and changed.date_day >= scoped.period_start
                            and changed.date_day <= case scoped.period_grain
                                when 'day' then scoped.period_start
                                when 'week' then cast(scoped.period_start + interval 6 day as date)
                                else last_day(scoped.period_start) end
                    )
                """);
        }

        return connection.Scalar<long>($"select count(*) from {IncrementalScope.KpiPeriods}");
    }

    /// <summary>
    /// Inserts into <see cref="ChangedTerms"/> the terms of <paramref name="source"/> that differ, on a day, between the
    /// stored rows (<paramref name="before"/>) and the recomputed ones (<paramref name="after"/>) for any level and
    /// member; a member present on one side only changes every term of its day.
    /// </summary>
    private static string ChangedTermsQuery(string source, int termCount, string before, string after)
    {
        IEnumerable<int> terms = Enumerable.Range(0, termCount);
        string flags = string.Join(",\n            ", terms.Select(k => string.Create(CultureInfo.InvariantCulture,
            $"case when bool_or(before.day is null or after.day is null or before.term_{k} is distinct from after.term_{k}) then {k} end")));
        return $"""
            insert into {ChangedTerms}
            select {SqlText.Literal(source)}, day, term
            from (
                select day, unnest(changed) as term
                from (
                    select coalesce(before.day, after.day) as day, [
                        {flags}
                    ] as changed
                    from {before} as before
                    full outer join {after} as after
                        on after.day = before.day and after.level = before.level and after.member_id is not distinct from before.member_id
                    group by 1
                ) as by_day
            ) as terms
            where term is not null
            """;
    }

    /// <summary>True for the model whose SQL holds the KPI parts (it reads the stored terms).</summary>
    public static bool Reads(SqlModel model) => model.Text.Contains("{{kpi_parts}}", StringComparison.Ordinal);
}
