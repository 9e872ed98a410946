using System.Globalization;

namespace Scorecard.Pipeline.Mart;

// The KPI scope: the periods each KPI source changed in, and the scorecard's periods around them.
internal sealed partial class IncrementalPlanner
{
    private void EnsurePeriods()
    {
        if (_periods)
        {
            return;
        }

        _periods = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // The days each KPI source changed on: an incremental source partitioned by its date column changed on the
        // contact dates in scope; any other source (small, rebuilt whole) on the dates of rows that differ from the
        // previous build's.
        connection.Execute($"create or replace table {IncrementalScope.Schema}.kpi_dates (source varchar, date_day date)");
        var byRelation = models.ToDictionary(m => m.Relation, StringComparer.OrdinalIgnoreCase);
        foreach (KpiSource source in registry.Sources)
        {
            if (byRelation.TryGetValue(source.Relation, out SqlModel? own) && own.Scope == IncrementalScope.ChangedRows)
            {
                // A fact with partitions of its own changed only in them: the source's dates of the rows deleted there
                // and of the rows inserted again (its partition column, or another date such as a case's closing day).
                RequireBuilt(source.Relation);
                string partitions = IncrementalScope.PartitionsOf(own);
                string column = own.PartitionBy[0];
                connection.Execute($"""
                    insert into {IncrementalScope.Schema}.kpi_dates
                    select {SqlText.Literal(source.Name)}, {source.DateColumn} from {PreviousCatalog}.{source.Relation} where {column} in (select {column} from {partitions})
                    union
                    select {SqlText.Literal(source.Name)}, {source.DateColumn} from {source.Relation} where {column} in (select {column} from {partitions})
                    """);
                continue;
            }

            if (byRelation.TryGetValue(source.Relation, out SqlModel? model) && model.IsIncremental && model.Scope is null
                && model.PartitionBy.Count == 1 && model.PartitionBy[0] == source.DateColumn)
            {
                if (model.DateScope == IncrementalScope.WorkforceScope)
                {
                    EnsureWorkforceDates();
                }

                connection.Execute($"insert into {IncrementalScope.Schema}.kpi_dates select {SqlText.Literal(source.Name)}, date_day from {IncrementalScope.DatesOf(model)}");
                continue;
            }

            RequireBuilt(source.Relation);

            // The dates whose rows differ, by a fingerprint of each date's rows (count and sum of row hashes, doubles
            // rounded: RowHash) in the previous and the new table: one pass over each, where comparing the rows
            // themselves builds hash tables of both. A row that changed counts on its date before and on its date now.
            string date = source.DateColumn;
            // Columns the registry says a change of which alone reopens no period (scope_ignores) are left out of it.
            string rowHash = RowHash.Of(connection, source.Relation, source.ScopeIgnores);
            connection.Execute($"""
                insert into {IncrementalScope.Schema}.kpi_dates
                with previous_days as (
                    select {date} as date_day, count(*) as row_count, sum({rowHash}::hugeint) as row_hash
                    from {PreviousCatalog}.{source.Relation} as t group by all
                ),
                current_days as (
                    select {date} as date_day, count(*) as row_count, sum({rowHash}::hugeint) as row_hash
                    from {source.Relation} as t group by all
                )
                select {SqlText.Literal(source.Name)}, date_day
                from previous_days full outer join current_days using (date_day)
                where date_day is not null
                    and (previous_days.row_count is distinct from current_days.row_count
                        or previous_days.row_hash is distinct from current_days.row_hash)
                """);
        }

        // Per source, the day, ISO week and month of each of those days; a KPI is recomputed for its source's periods
        // only, so a change in a small source (an agent leaving touches every day of their agent days) does not make
        // the contact KPIs of every period be recomputed.
        connection.Execute($"""
            create or replace table {IncrementalScope.SourcePeriods} as
            with days as (select distinct source, date_day from {IncrementalScope.Schema}.kpi_dates)
            select distinct * from (
                select source, 'day' as period_grain, date_day as period_start, date_day as period_end from days
                union all
                select source, 'week', cast(date_trunc('week', date_day) as date), cast(date_trunc('week', date_day) + interval 6 day as date) from days
                union all
                select source, 'month', cast(date_trunc('month', date_day) as date), last_day(date_day) from days
            )
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.SourcePeriodDays} as
            select distinct source, cast(unnest(generate_series(period_start, period_end, interval 1 day)) as date) as date_day
            from {IncrementalScope.SourcePeriods}
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.KpiPeriods} as
            select kpis.kpi_id, periods.period_grain, periods.period_start
            from (values {string.Join(", ", registry.Kpis.Select(k => $"({SqlText.Literal(k.Id)}, {SqlText.Literal(k.Source)})"))}) as kpis (kpi_id, source)
            inner join {IncrementalScope.SourcePeriods} as periods on periods.source = kpis.source
            """);
        connection.Execute($"create or replace table {IncrementalScope.Periods} as select distinct period_grain, period_start, period_end from {IncrementalScope.SourcePeriods}");
        _periodStarts = Dates($"select distinct period_start from {IncrementalScope.Periods} order by period_start");
        AffectedPeriods = connection.Scalar<long>($"select count(*) from {IncrementalScope.Periods}");
        AffectedKpiPeriods = connection.Scalar<long>($"select count(*) from {IncrementalScope.KpiPeriods}");
        var daysBySource = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"select source, count(distinct date_day) from {IncrementalScope.Schema}.kpi_dates where date_day is not null group by source order by source";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                daysBySource.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1)}"));
            }
        }

        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"build scope: {AffectedPeriods} KPI period(s), {AffectedKpiPeriods} KPI value(s) by period in {clock.Elapsed.TotalSeconds:0.0} s; changed days by source: {(daysBySource.Count == 0 ? "none" : string.Join(", ", daysBySource))}"));
    }

    /// <summary>After the stored KPI day terms are refreshed: the KPI values by period left to recompute, those in which
    /// one of the KPI's own day terms changed (<see cref="KpiDayTerms.NarrowKpiPeriods"/>).</summary>
    internal void KpiPeriodsNarrowed(long kpiPeriods) => AffectedKpiPeriods = kpiPeriods;

    /// <summary>
    /// The partitions of a model scoped by <see cref="IncrementalScope.KpiPeriodsAndNext"/> (the scorecard): each KPI's
    /// recomputed periods and the period after each (its change from the previous period reads a recomputed one), and
    /// what it reads (<see cref="IncrementalScope.KpiPeriodsAround"/>): those and the period before each.
    /// </summary>
    private void EnsureKpiPeriodsAndNext()
    {
        const string next = """
            case period_grain
                when 'day' then cast(period_start + interval 1 day as date)
                when 'week' then cast(period_start + interval 7 day as date)
                else cast(period_start + interval 1 month as date)
            end
            """;
        const string before = """
            case period_grain
                when 'day' then cast(period_start - interval 1 day as date)
                when 'week' then cast(period_start - interval 7 day as date)
                else cast(period_start - interval 1 month as date)
            end
            """;
        connection.Execute($"""
            create or replace table {IncrementalScope.KpiPeriodsAndNextRelation} as
            select distinct kpi_id, period_grain, period_start from (
                select kpi_id, period_grain, period_start from {IncrementalScope.KpiPeriods}
                union all
                select kpi_id, period_grain, {next} from {IncrementalScope.KpiPeriods}
            )
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.KpiPeriodsAround} as
            select distinct kpi_id, period_grain, period_start from (
                select kpi_id, period_grain, period_start from {IncrementalScope.KpiPeriodsAndNextRelation}
                union all
                select kpi_id, period_grain, {before} from {IncrementalScope.KpiPeriods}
            )
            """);
        _aroundStarts = Dates($"select distinct period_start from {IncrementalScope.KpiPeriodsAround} order by period_start");
    }
}
