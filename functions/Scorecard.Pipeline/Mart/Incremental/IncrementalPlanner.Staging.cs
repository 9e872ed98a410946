using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mart;

// Incremental staging: a staging model over the changed lake partitions and the previous build's rows.
internal sealed partial class IncrementalPlanner
{
    /// <summary>
    /// Builds an incremental staging model (<see cref="SqlModel.IsIncrementalStaging"/>): its SQL over the lake
    /// partitions that changed since the previous build only, then, for every other key, the row the previous build
    /// kept (its <see cref="SqlModel.PreviousRelation"/>). A key in both keeps the newer row by extract id (then row
    /// number), as staging from the whole lake would. A key that was kept from a replaced extract and is in none of the
    /// changed partitions now may have an older row elsewhere in the lake: then the model is staged from the whole lake.
    /// Runs on <paramref name="on"/>, the build's connection or a twin: staging models are staged side by side.
    /// </summary>
    public void BuildStaging(SqlModel model, DuckDBConnection on)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string raw = model.Text;
        var datasets = ExtractContracts.All.Where(c => raw.Contains($"{{{{lake:{c.Id}}}}}", StringComparison.Ordinal)).ToList();
        var partitions = datasets.SelectMany(c => plan.ChangedPartitionsOf(c.Id)).ToHashSet(StringComparer.Ordinal);
        var values = datasets.ToDictionary(c => $"lake:{c.Id}", c => LakeRelations.RelationForFiles(c,
            plan.CurrentFiles.Where(f => f.Dataset == c.Id && partitions.Contains(f.Partition)).Select(f => Path.Combine(lakeRoot, f.Path)).ToList()));

        string key = model.UniqueKey!;
        string previous = $"{PreviousCatalog}.{model.PreviousRelation}";
        string changes = model.Relation + "__changes";
        on.Execute($"create or replace table {changes} as\n{new ModelTemplate(values).Expand(raw, model.DisplayPath)}");
        var replaced = plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).ToList();
        // The key may be several columns (unique_key: [agent_id, changed_at]).
        string SameKey(string a, string b) => string.Join(" and ", model.UniqueKeyColumns.Select(k => $"{a}.{k} = {b}.{k}"));
        string sameKey = SameKey("staged", "kept");
        long lost = replaced.Count == 0 ? 0 : on.Scalar<long>($"""
            select count(*) from {previous} as kept
            anti join {changes} as staged on {sameKey}
            where kept.extract_id in ({string.Join(", ", replaced)})
            """);
        if (lost > 0)
        {
            on.Execute($"drop table {changes}");
            on.Execute($"create or replace table {model.Relation} as\n{model.Sql}");
            ReportStaged(string.Create(CultureInfo.InvariantCulture,
                $"{model.Relation}: staged from the whole lake, as {lost} row(s) of replaced extracts are in no changed partition now ({clock.Elapsed.TotalSeconds:0.0} s)"));
            return;
        }

        long changed = on.Scalar<long>($"select count(*) from {changes}");
        var columns = new List<string>();
        using (var command = on.CreateCommand())
        {
            command.CommandText = $"select * from {changes} limit 0";
            using var reader = command.ExecuteReader();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }
        }

        // A key keeps the row the whole lake would give it: the latest extract's (then the last row), which is not
        // always the changed partition's: a corrected earlier day (extract ids start with the extract date) loses to a
        // later day's extract holding the same key (a case closed later, delivered again on the day it closed). Such a
        // staged row is dropped from the changes here, once, so the previous row of its key is kept below; every reader
        // of the model then reads the changes and the previous rows of other keys, and no reader compares them again.
        // Only kept rows at least as new as the oldest staged one can win over a staged row: that bound, a constant,
        // lets DuckDB skip every Parquet file of the previous build holding older extracts only (all of them, for a new
        // day's delivery), where the comparison itself would read the key of every row of the history.
        string oldest = SqlText.Literal(on.Scalar<string>($"select coalesce(min(extract_id), '') from {changes}"));
        on.Execute($"""
            delete from {changes} where rowid in (
                select row.rowid from {changes} as row
                semi join (select * from {previous} where extract_id >= {oldest}) as other
                    on {SameKey("other", "row")}
                    and (other.extract_id > row.extract_id or (other.extract_id = row.extract_id and other.source_row_number > row.source_row_number)))
            """);

        // A view, not a copy: the models and tests that read staging read a few columns, or (through the incremental
        // scope) a few dates, of the previous table, which DuckDB then reads alone instead of copying every column of
        // every row. With KeepViews (the working tables go into the published file) the rows are copied instead, as
        // the file must not hold a view of the previous mart.
        // The previous rows kept are those of keys not staged: an anti join on the key alone, a hash of the few staged
        // keys, through which DuckDB still pushes a reader's filter into the previous rows, to their Parquet files.
        string projected = string.Join(", ", columns.Select(c => "row." + c));
        string rows = $"""
            select * from {changes}
            union all by name
            (select {projected} from {previous} as row anti join {changes} as other on {SameKey("other", "row")})
            """;
        on.Execute(materializeStaging
            ? $"create or replace table {model.Relation} as {rows}"
            : $"create or replace view {model.Relation} as {rows}");
        ReportStaged(string.Create(CultureInfo.InvariantCulture,
            $"{model.Relation}: {changed:N0} row(s) staged from {partitions.Count} changed lake partition(s), the others from the previous mart ({clock.Elapsed.TotalSeconds:0.0} s)"),
            model.Relation);
    }

    /// <summary>Records a staged model (<paramref name="fromChanges"/>, when staged from the changes) and reports it: staging
    /// models are staged side by side, so one at a time.</summary>
    private void ReportStaged(string message, string? fromChanges = null)
    {
        lock (StagedFromChanges)
        {
            if (fromChanges is not null)
            {
                StagedFromChanges.Add(fromChanges);
            }

            progress?.Report(message);
        }
    }
}
