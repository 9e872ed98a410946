using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Row conservation from the lake to <c>marts.fct_contact</c> (every contact of the latest extract of each lake
/// partition is in it exactly once, and it holds no other), kept from per-partition counts stored in the mart, so
/// an incremental build checks it at the cost of the changed partitions:
/// <list type="bullet">
/// <item><c>build_meta.lake_partition_rows</c>: contacts in the latest extract of each lake partition (<c>extract_date</c>);</item>
/// <item><c>build_meta.lake_superseded</c>: the (few) contacts of a partition whose row in <c>fct_contact</c> comes from
/// another partition (a contact delivered again in a later extract keeps one row);</item>
/// <item><c>build_meta.fact_partition_rows</c>: rows of <c>fct_contact</c> per partition of its <c>partition_by</c>.</item>
/// </list>
/// Invariant: the lake's contacts minus the superseded ones equal the fact rows. With <c>contact_id</c> unique (its own
/// test) and every row in its lake partition, that is conservation. A full build counts everything and checks every
/// contact row by row, reading the lake itself (so staging's deduplication is checked rather than trusted); it replaces
/// the singular test <c>assert_every_lake_contact_is_in_fct_contact_once</c> in builds. An incremental build reads the changed lake partitions only, recounts them
/// and the fact partitions it recomputed, and checks row by row the contacts whose rows moved: those of the changed
/// partitions and those the previous mart kept from them (each must have one fact row, in a partition that holds
/// it). The other partitions' counts are the previous build's, whose tests passed.
/// </summary>
internal static class RowConservation
{
    public const string TestName = "row conservation: every contact of the lake's latest extracts is in marts.fct_contact once (per-partition counts)";
    public const string LakeRows = IncrementalPlanner.MetaSchema + ".lake_partition_rows";
    public const string Superseded = IncrementalPlanner.MetaSchema + ".lake_superseded";
    public const string FactRows = IncrementalPlanner.MetaSchema + ".fact_partition_rows";
    private const string Fact = "marts.fct_contact";
    private const string Key = "contact_id";

    /// <summary>True when <paramref name="models"/> hold the fact whose rows are conserved (<c>marts.fct_contact</c>).</summary>
    public static bool Applies(IReadOnlyList<SqlModel> models) => models.Any(m => m.Relation == Fact);

    /// <summary>
    /// Computes the counts of this build into <c>build_meta</c> of the building database and checks the invariant.
    /// <paramref name="incremental"/>: start from the previous mart's counts (when it has them; otherwise everything is
    /// counted). Returns the result (null without a fct_contact model) and whether the stored counts were used.
    /// </summary>
    public static (DataTestResult? Result, bool FromStoredCounts) Check(DuckDBConnection connection, IncrementalPlan plan, string lakeRoot, IReadOnlyList<SqlModel> models, bool incremental)
    {
        var clock = Stopwatch.StartNew();
        SqlModel? fact = models.FirstOrDefault(m => m.Relation == Fact);
        DatasetContract contract = ExtractContracts.Contacts;
        if (fact is null)
        {
            return (null, false); // no fct_contact model (a SQL root without it): nothing to conserve
        }

        bool stored = incremental && HasStoredCounts(connection);
        string partition = fact.PartitionBy.Count == 1 ? fact.PartitionBy[0] : "contact_date";
        const string previous = IncrementalPlanner.PreviousCatalog;
        try
        {
            if (!stored)
            {
                CountEverything(connection, lakeRoot, contract, partition);
            }
            else
            {
                var changed = plan.ChangedPartitionsOf(contract.Id).ToHashSet(StringComparer.Ordinal);
                // A date no partition has when none changed: "not in (null)" would keep nothing.
                string changedDates = changed.Count == 0 ? "date '0001-01-01'" : string.Join(", ", changed.Select(p => $"date '{p[(p.LastIndexOf('=') + 1)..]}'"));
                string lake = LakeRelations.RelationForFiles(contract,
                    plan.CurrentFiles.Where(f => changed.Contains(f.Partition)).Select(f => Path.Combine(lakeRoot, f.Path)).ToList());
                // The fact's rows changed only on the dates it replaced (of fct_contact: the dates of the contacts whose
                // own row changed); the other dates' counts are the stored ones.
                string factScope = IncrementalScope.DatesOf(fact);
                bool scopedFact = fact.IsIncremental && fact.PartitionBy.Count == 1 && fact.Scope is null;
                connection.Execute($"""
                    create or replace temp table conservation_lake as
                    select distinct cast({Key} as varchar) as key_value, cast(extract_date as date) as extract_date
                    from (select * from {lake} qualify extract_id = max(extract_id) over (partition by extract_date));
                    create or replace temp table conservation_keys as
                    select key_value from conservation_lake
                    union
                    select {Key} from {previous}.{Fact} where extract_date in ({changedDates});
                    create or replace temp table conservation_previous as
                    select {Key} as key_value, extract_date from {previous}.{Fact} where {Key} in (select key_value from conservation_keys);
                    create or replace temp table conservation_fact as
                    select {Key} as key_value, extract_date from {Fact} where {Key} in (select key_value from conservation_keys);
                    create or replace temp table conservation_members as
                    select key_value, extract_date from conservation_lake
                    union
                    select key_value, extract_date from conservation_previous where extract_date not in ({changedDates})
                    union
                    select key_value, extract_date from {previous}.{Superseded}
                    where key_value in (select key_value from conservation_keys) and extract_date not in ({changedDates});
                    create or replace temp table conservation_lake_rows as
                    select extract_date, row_count from {previous}.{LakeRows} where extract_date not in ({changedDates})
                    union all
                    select extract_date, count(*) from conservation_lake group by extract_date;
                    create or replace temp table conservation_superseded as
                    select key_value, extract_date from {previous}.{Superseded}
                    where extract_date not in ({changedDates}) and key_value not in (select key_value from conservation_keys)
                    union
                    select members.key_value, members.extract_date from conservation_members as members
                    where exists (select 1 from conservation_fact as fact where fact.key_value = members.key_value and fact.extract_date is distinct from members.extract_date);
                    create or replace temp table conservation_fact_rows as
                    {(scopedFact
                        ? $"""
                          select partition_value, row_count from {previous}.{FactRows}
                          where partition_value not in (select date_day from {factScope})
                          union all
                          select {partition}, count(*) from {Fact} where {partition} in (select date_day from {factScope}) group by {partition}
                          """
                        : $"select {partition} as partition_value, count(*) as row_count from {Fact} group by {partition}")};
                    """);
            }

            Persist(connection);
            var offending = Offending(connection);
            return (new DataTestResult(TestName, offending.Count == 0, offending.Count, offending.Take(DataTestRunner.SampleSize).ToList(), null, clock.Elapsed), stored);
        }
        catch (DuckDBException e)
        {
            return (new DataTestResult(TestName, false, 0, [], e.Message, clock.Elapsed), stored);
        }
    }

    private static void CountEverything(DuckDBConnection connection, string lakeRoot, DatasetContract contract, string partition)
    {
        string lake = LakeRelations.RelationFor(lakeRoot, contract);
        connection.Execute($"""
            create or replace temp table conservation_lake as
            select distinct cast({Key} as varchar) as key_value, cast(extract_date as date) as extract_date
            from (select * from {lake} qualify extract_id = max(extract_id) over (partition by extract_date));
            create or replace temp table conservation_lake_rows as
            select extract_date, count(*) as row_count from conservation_lake group by extract_date;
            create or replace temp table conservation_superseded as
            with repeated as (select key_value from conservation_lake group by key_value having count(*) > 1)
            select lake.key_value, lake.extract_date
            from conservation_lake as lake
            where lake.key_value in (select key_value from repeated)
                and exists (select 1 from {Fact} as fact where fact.{Key} = lake.key_value and fact.extract_date is distinct from lake.extract_date);
            create or replace temp table conservation_fact_rows as
            select {partition} as partition_value, count(*) as row_count from {Fact} group by {partition};
            create or replace temp view conservation_members as select key_value, extract_date from conservation_lake;
            create or replace temp view conservation_fact as select {Key} as key_value, extract_date from {Fact};
            """);
    }

    /// <summary>The counts of this build replace the previous ones in the building database (published only if the build succeeds).</summary>
    private static void Persist(DuckDBConnection connection) => connection.Execute($"""
        create schema if not exists {IncrementalPlanner.MetaSchema};
        create or replace table {LakeRows} as select extract_date, sum(row_count)::bigint as row_count from conservation_lake_rows group by extract_date having sum(row_count) > 0 order by extract_date;
        create or replace table {Superseded} as select distinct key_value, extract_date from conservation_superseded order by extract_date, key_value;
        create or replace table {FactRows} as select partition_value, sum(row_count)::bigint as row_count from conservation_fact_rows group by partition_value having sum(row_count) > 0 order by partition_value;
        """);

    /// <summary>What breaks conservation: each lake contact checked (all in a full build, the moved ones in an incremental
    /// build) in no fact row, each fact row checked in a partition that does not hold it; and the totals, when they differ.</summary>
    private static List<string> Offending(DuckDBConnection connection)
    {
        var rows = new List<string>();
        {
            rows.AddRange(Strings(connection, $"""
                select 'lake contact ' || key_value || ' of extract_date=' || strftime(extract_date, '%Y-%m-%d') || ' is in no {Fact} row'
                from conservation_members where key_value not in (select key_value from conservation_fact)
                order by 1
                """));
            rows.AddRange(Strings(connection, $"""
                select '{Fact} row ' || key_value || ' names extract_date=' || coalesce(strftime(extract_date, '%Y-%m-%d'), 'null') || ', whose latest extract does not hold it'
                from conservation_fact as fact
                where not exists (select 1 from conservation_members as members where members.key_value = fact.key_value and members.extract_date is not distinct from fact.extract_date)
                order by 1
                """));
        }

        long lake = connection.Scalar<long>($"select coalesce(sum(row_count), 0)::bigint from {LakeRows}");
        long superseded = connection.Scalar<long>($"select count(*) from {Superseded}");
        long facts = connection.Scalar<long>($"select coalesce(sum(row_count), 0)::bigint from {FactRows}");
        if (lake - superseded != facts)
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"totals: {lake} lake contact(s) in latest extracts - {superseded} kept from another partition = {lake - superseded}, but {Fact} has {facts} row(s)"));
        }

        return rows;
    }

    private static bool HasStoredCounts(DuckDBConnection connection) =>
        connection.Scalar<long>($"""
            select count(*) from duckdb_tables()
            where database_name = '{IncrementalPlanner.PreviousCatalog}' and schema_name = '{IncrementalPlanner.MetaSchema}'
                and table_name in ('lake_partition_rows', 'lake_superseded', 'fact_partition_rows')
            """) == 3;

    private static List<string> Strings(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
