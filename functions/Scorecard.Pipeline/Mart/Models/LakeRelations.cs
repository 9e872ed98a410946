using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The relation each staging model reads for a lake dataset, as the value of its <c>{{lake:source/dataset}}</c>
/// placeholder: <c>read_parquet</c> over the dataset's hive partitions, or, when the dataset has no files yet, an
/// empty select with the lake's column types (from the extract contract), so staging views are always creatable.
/// </summary>
internal static class LakeRelations
{
    /// <summary>Placeholder values for every contract dataset under <paramref name="lakeRoot"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string lakeRoot) =>
        ExtractContracts.All.ToDictionary(c => $"lake:{c.Id}", c => RelationFor(lakeRoot, c));

    /// <summary>The relation for one dataset.</summary>
    public static string RelationFor(string lakeRoot, DatasetContract contract)
    {
        string folder = Path.Combine(lakeRoot, contract.Source, contract.Name);
        bool hasFiles = Directory.Exists(folder)
            && Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any();
        if (hasFiles)
        {
            return ReadParquet(SqlText.PathLiteral(Path.GetFullPath(folder) + "/*/*.parquet"));
        }

        return Empty(contract);
    }

    /// <summary>The relation over some files of one dataset (full paths), e.g. those of the partitions that changed.</summary>
    public static string RelationForFiles(DatasetContract contract, IReadOnlyList<string> files) =>
        files.Count == 0
            ? Empty(contract)
            : ReadParquet($"[{string.Join(", ", files.Select(f => SqlText.PathLiteral(Path.GetFullPath(f))))}]");

    // union_by_name: files written under an older contract (fewer columns) still read, with nulls.
    private static string ReadParquet(string paths) => $"read_parquet({paths}, hive_partitioning = true, union_by_name = true)";

    /// <summary>An empty select with the lake's column types of <paramref name="contract"/>.</summary>
    private static string Empty(DatasetContract contract)
    {
        var columns = contract.Columns.Select(c => $"cast(null as {DuckDbType(c.Kind)}) as {c.Name}").ToList();
        if (contract.EventDate is { } eventDate)
        {
            columns.Add($"cast(null as date) as {eventDate.Name}");
        }

        columns.Add("cast(null as varchar) as extract_id");
        columns.Add("cast(null as varchar) as source_file");
        columns.Add("cast(null as bigint) as source_row_number");
        columns.Add("cast(null as date) as extract_date");
        return $"(select {string.Join(", ", columns)} limit 0)";
    }

    /// <summary>The DuckDB type the lake stores a contract column kind as.</summary>
    public static string DuckDbType(ColumnKind kind) => kind switch
    {
        ColumnKind.Timestamp => "timestamptz",
        ColumnKind.Date => "date",
        ColumnKind.Integer => "integer",
        ColumnKind.Decimal => "decimal(18, 4)",
        ColumnKind.Boolean => "boolean",
        _ => "varchar",
    };
}
