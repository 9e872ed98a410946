namespace Scorecard.Pipeline.Mart;

/// <summary>
/// How a published table's Parquet is split into Hive partitions (model YAML <c>publish_partition_by</c>): by the
/// day of a date column (<c>contact_date=2026-01-31/data_0.parquet</c>, the folder named after the column, so a reader
/// with Hive partitioning sees the column it already holds), by its ISO week, named after the week's Monday
/// (<c>period_start_week=2026-01-26/data_0.parquet</c>), or by its month (<c>period_start_month=2026-01/data_0.parquet</c>);
/// a week or month folder is an extra column for such readers. Every file holds every column of the table, so a reader
/// without Hive partitioning sees the same rows and columns.
/// </summary>
internal sealed record PublishedPartition(string Column, string Grain)
{
    public const string Day = "day";
    public const string Week = "week";
    public const string Month = "month";

    public static IReadOnlyList<string> Grains { get; } = [Day, Week, Month];

    /// <summary>The Hive key of the partition folders.</summary>
    public string Key => Grain == Day ? Column : $"{Column}_{Grain}";

    /// <summary>The partition value of a row as SQL over the table's columns (<paramref name="alias"/> qualifies the column).</summary>
    public string Expression(string alias = "") => Grain switch
    {
        Day => $"coalesce(strftime({alias}{Column}, '%Y-%m-%d'), '{NullValue}')",
        Week => $"coalesce(strftime(date_trunc('week', {alias}{Column}), '%Y-%m-%d'), '{NullValue}')",
        _ => $"coalesce(strftime({alias}{Column}, '%Y-%m'), '{NullValue}')",
    };

    /// <summary>
    /// The rows of the partitions <paramref name="values"/> as a predicate on the column itself (equality for days, a
    /// range for weeks and months; a day-split column is a date), which DuckDB can push into a scan, unlike a test of <see cref="Expression"/>.
    /// </summary>
    public string Predicate(string alias, IReadOnlyCollection<string> values)
    {
        if (values.Count == 0)
        {
            return "false";
        }

        string column = alias + Column;
        var terms = new List<string>();
        if (values.Contains(NullValue))
        {
            terms.Add($"{column} is null");
        }

        var dates = values.Where(v => v != NullValue).ToList();
        if (dates.Count > 0)
        {
            // A week's or month's rows: from its first day (a week's value is its Monday) to the next period's.
            string Ranges(Func<string, string> first, string length) =>
                string.Join(" or ", dates.Select(d => $"({column} >= date {SqlText.Literal(first(d))} and {column} < date {SqlText.Literal(first(d))} + interval {length})"));
            terms.Add(Grain switch
            {
                Day => $"{column} in ({string.Join(", ", dates.Select(d => $"date {SqlText.Literal(d)}"))})",
                Week => Ranges(w => w, "7 day"),
                _ => Ranges(m => m + "-01", "1 month"),
            });
        }

        return "(" + string.Join(" or ", terms) + ")";
    }

    /// <summary>The Hive name of the partition of rows whose column is null (DuckDB and Spark read it as null).</summary>
    public const string NullValue = "__HIVE_DEFAULT_PARTITION__";
}
