using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Writes the published tables as Parquet beside the database, rewriting only the files whose rows changed.
/// <para>
/// A table is one file (<c>&lt;table&gt;/data.parquet</c>) or, with <c>publish_partition_by</c> in its YAML, one file per
/// Hive partition (<c>fct_contact/contact_date=2026-01-31/data.parquet</c>). Every partition (a whole table counts as
/// one) has a fingerprint - its row count and the sum of its row hashes - kept in <see cref="PartitionsTable"/> of the
/// database. A build fingerprints the partitions it may have changed (of an incremental model, those its build scope
/// reaches; of any other table, all), compares them with the previous build's and writes the partitions that differ;
/// partitions with no rows left are removed. The per-partition row counts are what the global row-conservation checks
/// read instead of whole tables.
/// </para>
/// <para>
/// Files are written to <see cref="BuildingFolder"/> and moved into place by <see cref="Commit"/> only when every table
/// is written; the fingerprints go into the database, which is swapped last, so a build that dies between the two
/// rewrites the same partitions next time.
/// </para>
/// </summary>
internal sealed class MartParquetWriter(DuckDBConnection connection, string martDirectory)
{
    public const string PartitionsTable = IncrementalPlanner.MetaSchema + ".published_partitions";
    public const string FileName = "data.parquet";

    /// <summary>The folder new files are written to before they are moved into place.</summary>
    public const string BuildingFolder = ".building";

    /// <summary>The extension of a file being written (renamed to <c>.parquet</c> when whole).</summary>
    private const string PartialExtension = "partial";

    /// <summary>The helper column DuckDB's partitioned write splits by (not written into the files).</summary>
    private const string PartitionColumn = "__partition";

    /// <summary>Up to this many changed partitions of a table are written one COPY each, more in one partitioned pass.</summary>
    private const int SeparateCopiesAtMost = 16;

    private readonly List<(string Temporary, string Target)> _written = [];

    /// <summary>The files this build wrote, relative to the mart folder (with forward slashes).</summary>
    public IReadOnlyList<string> Written => _written.Select(w => Relative(w.Target)).ToList();

    /// <summary>The files the mart holds after this build, relative to the mart folder.</summary>
    public IReadOnlyList<string> Current { get; private set; } = [];

    /// <summary>Bytes of the files this build wrote.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// Fingerprints and writes <paramref name="tables"/>. With <paramref name="scoped"/> (an incremental build whose
    /// database holds the previous build's fingerprints) an incremental model is fingerprinted within its build scope
    /// only and every table is compared with the previous build; otherwise every partition is written.
    /// </summary>
    public void Write(IReadOnlyList<SqlModel> tables, bool scoped, ConnectionTwins? twins = null)
    {
        bool hasPrevious = scoped && connection.Scalar<long>(
            $"select count(*) from duckdb_tables() where database_name = '{MartConnection.CatalogName}' and schema_name = '{IncrementalPlanner.MetaSchema}' and table_name = 'published_partitions'") > 0;
        connection.Execute($"create schema if not exists {MartConnection.CatalogName}.{IncrementalPlanner.MetaSchema}");
        if (!hasPrevious)
        {
            connection.Execute($"create or replace table {MartConnection.CatalogName}.{PartitionsTable} (table_name varchar, partition_value varchar, row_count bigint, row_hash hugeint)");
        }

        // Row order in Parquet means nothing (tables have no order either); not keeping it lets DuckDB write row
        // groups on every core.
        connection.Execute("set preserve_insertion_order = false");
        // With twins (an incremental build: a few small files per table), tables are fingerprinted side by side, then
        // their changed partitions written side by side, the largest first, so the eight FCR days or the day of contacts
        // do not wait behind one another; the files are recorded in the tables' and partitions' order.
        twins ??= ConnectionTwins.None(connection);
        IReadOnlyList<List<(string Value, long Rows)>> changed = twins.Map(tables, (twin, table) => Fingerprint(twin, table, hasPrevious));
        var writes = new List<PartitionWrite>();
        for (int i = 0; i < tables.Count; i++)
        {
            SqlModel table = tables[i];
            if (changed[i].Count == 0)
            {
                continue;
            }

            if (table.PublishPartition is not null && hasPrevious && changed[i].Count <= SeparateCopiesAtMost)
            {
                // A few changed partitions are written each by a COPY of its own: DuckDB's partitioned write costs more
                // than the rows it splits at an incremental day's size (a day of fct_contact: 0.15-0.3 s more; nine days
                // of fct_contact_resolution: 0.57-0.85 s against 0.45 s for nine COPYs).
                writes.AddRange(changed[i].Select(p => new PartitionWrite(writes.Count, table, [p.Value], p.Rows)));
            }
            else
            {
                writes.Add(new PartitionWrite(writes.Count, table, changed[i].Select(p => p.Value).ToList(), changed[i].Sum(p => p.Rows)));
            }
        }

        List<PartitionWrite> largestFirst = writes.OrderByDescending(w => w.Rows).ThenBy(w => w.Order).ToList();
        IReadOnlyList<List<string>> written = twins.Map(largestFirst, (twin, w) => WritePartitions(twin, w, hasPrevious));
        foreach (string relative in largestFirst.Zip(written).OrderBy(w => w.First.Order).SelectMany(w => w.Second))
        {
            Record(relative);
        }

        Current = CurrentFiles(tables);
    }

    /// <summary>Moves the written files into place (each rename replaces one whole file) and deletes the files of
    /// partitions and tables that are gone; returns the deleted files, relative to the mart folder.</summary>
    public IReadOnlyList<string> Commit()
    {
        foreach ((string temporary, string target) in _written)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temporary, target, overwrite: true);
        }

        var keep = Current.ToHashSet(StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (string folder in Current.Select(f => f.Split('/')[0]).Distinct())
        {
            string path = Path.Combine(martDirectory, folder);
            if (!Directory.Exists(path))
            {
                continue; // unchanged and not here: a build on a work folder holding only the database
            }

            foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                string relative = Relative(file);
                if (!keep.Contains(relative))
                {
                    File.Delete(file);
                    deleted.Add(relative);
                }
            }

            foreach (string empty in Directory.EnumerateDirectories(path).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()))
            {
                Directory.Delete(empty);
            }
        }

        DeleteBuilding(martDirectory);
        return deleted;
    }

    /// <summary>Removes what a build that died (or failed) left in the building folder.</summary>
    public static void DeleteBuilding(string martDirectory)
    {
        string building = Path.Combine(martDirectory, BuildingFolder);
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }
    }

    /// <summary>One COPY's worth: partitions of a table to write (all of a table's changed ones, or one), with their rows.</summary>
    private sealed record PartitionWrite(int Order, SqlModel Table, IReadOnlyList<string> Partitions, long Rows);

    /// <summary>Fingerprints <paramref name="table"/>'s partitions on <paramref name="connection"/> and records the
    /// fingerprints; returns the partitions that differ from the previous build's (all, without one), with their rows.</summary>
    private static List<(string Value, long Rows)> Fingerprint(DuckDBConnection connection, SqlModel table, bool hasPrevious)
    {
        RequireParquetTypes(connection, table);
        PublishedPartition? partition = table.PublishPartition;
        string value = partition?.Expression("t.") ?? "''";
        // An unpartitioned table is one partition, fingerprinted even when empty so its file (the columns) is written.
        string name = SqlText.Literal(table.Relation);

        // The partitions this build may have changed: of an incremental model, those its scope reaches.
        // Their rows are selected by a predicate on the partition column itself (not on the partition value computed
        // from it), which DuckDB pushes down to the table's scan: of a table living in Parquet, only the files of those
        // partitions are read, so writing a day costs the day, not the history.
        List<string>? scoped = hasPrevious && table.IsIncremental && partition is not null
            ? Strings(connection, $"select distinct {partition.Expression("scope.")} from {IncrementalScope.RelationOf(table, partition.Column)} as scope order by 1")
            : null;
        string? candidates = scoped is null ? null : scoped.Count == 0 ? "select null::varchar where false" : string.Join(", ", scoped.Select(SqlText.Literal));
        string within = scoped is null ? "" : $"where {partition!.Predicate("t.", scoped)}";
        string rows = scoped is null ? table.Relation : ScopeRows(table);
        // A table replaced contact by contact on its dates: a date's fingerprint is the previous one, less the hashes of
        // the previous rows of the recomputed contacts, plus the recomputed rows' (the kept rows, most of the eight FCR
        // dates, are not hashed again).
        string? previousRows = scoped is null ? null : ModelRunner.PreviousScopeDateRows(MartBuilder.ResidentTables, table);
        string hash = RowHash.Of(connection, table.Relation);
        connection.Execute(partition is null
            ? $"""
              create or replace temp table current_partitions as
              select '' as partition_value, count(*) as row_count, sum({hash}::hugeint) as row_hash
              from {table.Relation} as t
              """
            : previousRows is not null
            ? $"""
              create or replace temp table current_partitions as
              with changes as (
                  select partition_value, row_count, row_hash
                  from {MartConnection.CatalogName}.{PartitionsTable}
                  where table_name = {name} and partition_value in ({candidates})
                  union all
                  select {value}, -count(*), -sum({hash}::hugeint) from {previousRows} as t {within} and t.{ModelRunner.ReplacedColumn} group by all
                  union all
                  select {value}, count(*), sum({hash}::hugeint) from {ModelRunner.WorkingTable(MartBuilder.ResidentTables, table)} as t {within} group by all
              )
              select partition_value, sum(row_count)::bigint as row_count, sum(row_hash)::hugeint as row_hash
              from changes
              group by all
              having sum(row_count) > 0
              """
            : $"""
              create or replace temp table current_partitions as
              select {value} as partition_value, count(*) as row_count, sum({hash}::hugeint) as row_hash
              from {rows} as t {within}
              group by all
              """);
        if (partition is not null && candidates is null)
        {
            // A split table with no rows is one empty file (in the null partition), so readers still find its columns.
            connection.Execute($"insert into current_partitions select '{PublishedPartition.NullValue}', 0, null where not exists (select 1 from current_partitions)");
        }

        string previousWithin = candidates is null ? "" : $"and partition_value in ({candidates})";
        var changed = new List<(string Value, long Rows)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = hasPrevious
                ? $"""
                  select current_partitions.partition_value, current_partitions.row_count
                  from current_partitions
                  left join (select * from {MartConnection.CatalogName}.{PartitionsTable} where table_name = {name} {previousWithin}) as previous
                      using (partition_value)
                  where previous.row_count is distinct from current_partitions.row_count or previous.row_hash is distinct from current_partitions.row_hash
                  order by 1
                  """
                : "select partition_value, row_count from current_partitions order by 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                changed.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        connection.Execute(hasPrevious
            ? $"delete from {MartConnection.CatalogName}.{PartitionsTable} where table_name = {name} {previousWithin}"
            : $"delete from {MartConnection.CatalogName}.{PartitionsTable} where table_name = {name}");
        connection.Execute($"insert into {MartConnection.CatalogName}.{PartitionsTable} select {name}, * from current_partitions");
        return changed;
    }

    /// <summary>Writes the partitions of <paramref name="write"/> (a whole table's file when it is not split) to the
    /// building folder on <paramref name="connection"/>; returns the files written, relative to the mart folder.</summary>
    private List<string> WritePartitions(DuckDBConnection connection, PartitionWrite write, bool hasPrevious)
    {
        SqlModel table = write.Table;
        IReadOnlyList<string> changed = write.Partitions;
        PublishedPartition? partition = table.PublishPartition;
        string value = partition?.Expression("t.") ?? "''";
        var files = new List<string>();
        string building = Path.Combine(martDirectory, BuildingFolder);
        if (partition is null)
        {
            string relative = Path.Combine(table.Name, FileName);
            string temporary = Path.Combine(building, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            Copy(connection, table.Relation, temporary);
            FaultPoint.Reached(FaultPoint.MartMidExport);
            files.Add(relative);
            return files;
        }

        // Of an incremental model, the changed partitions are within its build scope (only those are fingerprinted).
        string rows = hasPrevious && table.IsIncremental ? ScopeRows(table) : table.Relation;
        if (changed.Count == 1)
        {
            string relative = Path.Combine(table.Name, $"{partition.Key}={changed[0]}", FileName);
            string temporary = Path.Combine(building, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            Copy(connection, $"(select * from {rows} as t where {partition.Predicate("t.", changed)})", temporary);
            FaultPoint.Reached(FaultPoint.MartMidExport);
            files.Add(relative);
            return files;
        }

        // Many partitions (a full build's) are written in one pass (DuckDB's partitioned write, without the helper column
        // in the files); a partition DuckDB split over several files (more partitions open than it keeps), or wrote none for
        // (the empty table's), is written again alone, so each partition is one file.
        string split = Path.Combine(building, "split", table.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(split)!);
        string where = hasPrevious ? $"where {partition.Predicate("t.", changed)}" : "";
        connection.Execute($"""
            copy (select *, {value} as {PartitionColumn} from {(hasPrevious ? rows : table.Relation)} as t {where})
            to {SqlText.PathLiteral(split)} (format parquet, partition_by ({PartitionColumn}), write_partition_columns false, file_extension '{PartialExtension}')
            """);
        foreach (string changedValue in changed)
        {
            string relative = Path.Combine(table.Name, $"{partition.Key}={changedValue}", FileName);
            string temporary = Path.Combine(building, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            string folder = Path.Combine(split, $"{PartitionColumn}={changedValue}");
            string[] parts = Directory.Exists(folder) ? Directory.GetFiles(folder, "*." + PartialExtension) : [];
            if (parts.Length == 1)
            {
                File.Move(parts[0], temporary);
            }
            else
            {
                Copy(connection, $"(select * from {table.Relation} as t where {value} = {SqlText.Literal(changedValue)})", temporary);
            }

            FaultPoint.Reached(FaultPoint.MartMidExport);
            files.Add(relative);
        }

        if (Directory.Exists(split))
        {
            Directory.Delete(split, recursive: true);
        }

        return files;
    }

    /// <summary>
    /// Where the rows of <paramref name="table"/>'s partitions in its build scope are read: of <c>fct_contact</c> and
    /// <c>fct_contact_resolution</c>, their working tables (<see cref="ModelRunner.ScopeDateRows"/>), where their views
    /// also bind and prune the previous build's file of every other date, once per partition written (nine FCR days at
    /// 90 days of history: 0.4 s more than at 30); of any other table, its relation.
    /// </summary>
    private static string ScopeRows(SqlModel table) =>
        ModelRunner.ScopeDateRows(MartBuilder.ResidentTables, table) ?? table.Relation;

    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="path"/>: first under a name that does not end in
    /// <c>.parquet</c>, then renamed, so a build killed while another connection is mid-way through a file (the twins
    /// write side by side) leaves no partial file that a reader globbing <c>*.parquet</c> would take for a table's.
    /// </summary>
    private static void Copy(DuckDBConnection connection, string rows, string path)
    {
        string partial = path + "." + PartialExtension;
        connection.Execute($"copy {rows} to {SqlText.PathLiteral(partial)} (format parquet)");
        File.Move(partial, path, overwrite: true);
    }

    private List<string> CurrentFiles(IReadOnlyList<SqlModel> tables)
    {
        var byRelation = tables.ToDictionary(t => t.Relation, StringComparer.Ordinal);
        var files = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = $"select table_name, partition_value from {MartConnection.CatalogName}.{PartitionsTable} order by all";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (byRelation.TryGetValue(reader.GetString(0), out SqlModel? table))
            {
                files.Add(table.PublishPartition is { } p ? $"{table.Name}/{p.Key}={reader.GetString(1)}/{FileName}" : $"{table.Name}/{FileName}");
            }
        }

        return files;
    }

    private static List<string> Strings(DuckDBConnection connection, string sql)
    {
        var values = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>
    /// Fails on a column of a type Parquet cannot hold: DuckDB writes a HUGEINT (what <c>sum</c> of a BIGINT gives) as
    /// DOUBLE, so a BI tool reading the files would see another type than the database had, and the next build, reading
    /// its own previous files, would find every row changed.
    /// </summary>
    private static void RequireParquetTypes(DuckDBConnection connection, SqlModel table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"describe select * from {table.Relation}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetString(1) is "HUGEINT" or "UHUGEINT")
            {
                throw new MartDefinitionException(
                    $"{table.DisplayPath}: column {reader.GetString(0)} of {table.Relation} is {reader.GetString(1)}, which Parquet cannot hold (DuckDB would write it as DOUBLE); cast it, e.g. cast(sum(x) as bigint).");
            }
        }
    }

    private void Record(string relative)
    {
        string temporary = Path.Combine(martDirectory, BuildingFolder, relative);
        _written.Add((temporary, Path.Combine(martDirectory, relative)));
        BytesWritten += new FileInfo(temporary).Length;
    }

    private string Relative(string path) => Path.GetRelativePath(martDirectory, path).Replace('\\', '/');
}
