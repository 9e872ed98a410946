using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Traces one number of the scorecard to its rows: evaluates the KPI's numerator and denominator (from the registry)
/// over the rows of its source relation whose date falls in the period and whose member column is the member, then
/// writes every row that counts as CSV - the row's id, date and member, the columns the formula reads, its own
/// numerator and denominator, and where it came from (lake file, landing file, row in that file, extract). The sums
/// of the CSV's numerator and denominator columns are the KPI's, and their quotient times the scale its value.
/// </summary>
public static partial class KpiExplainer
{
    /// <summary>Lineage columns the fact tables carry, in the order written.</summary>
    private static readonly string[] LineageColumns = ["source_file", "source_row_number", "extract_id", "extract_date"];

    public static KpiExplanation Explain(
        string martDirectory, KpiRegistry registry, string kpiId, ExportPeriod period, string level, string memberId, TextWriter csv)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(csv);
        KpiDefinition kpi = registry.Kpis.FirstOrDefault(k => k.Id == kpiId)
            ?? throw new ArgumentException($"No KPI '{kpiId}' in {registry.Path}; known: {string.Join(", ", registry.Kpis.Select(k => k.Id))}.", nameof(kpiId));
        KpiSource source = registry.SourceOf(kpi);
        string? memberColumn = level == "centre" ? null
            : source.LevelColumns.TryGetValue(level, out string? column) ? column
            : throw new ArgumentException(
                $"KPI '{kpi.Id}' is computed over {source.Relation}, which has no {level} column (levels: centre, {string.Join(", ", source.LevelColumns.Keys)}).", nameof(level));
        if (memberColumn is null)
        {
            memberId = "centre";
        }

        using DuckDBConnection connection = MartConnection.OpenReadOnly(martDirectory);
        var columns = ColumnsOf(connection, source.Relation);
        string id = columns[0];
        var measures = columns.Where(c => Reads(kpi.Numerator, c) || (kpi.Denominator is not null && Reads(kpi.Denominator, c)))
            .Where(c => c != id && c != source.DateColumn && c != memberColumn).ToList();
        var lineage = LineageColumns.Where(columns.Contains).ToList();
        string denominator = kpi.Denominator ?? "null";
        string scoped =
            $"with scoped as (select row_number() over () as explain_row, *, {DateLiteral(period.Start)} as period_start, {DateLiteral(period.End)} as period_end " +
            $"from {source.Relation} where {source.DateColumn} between {DateLiteral(period.Start)} and {DateLiteral(period.End)}" +
            (memberColumn is null ? "" : $" and {memberColumn} = {SqlText.Literal(memberId)}") + ")";

        using (DuckDBCommand totals = connection.CreateCommand())
        {
            totals.CommandText = $"{scoped} select cast(({kpi.Numerator}) as double), cast(({denominator}) as double) from scoped";
            using var reader = totals.ExecuteReader();
            reader.Read();
            double numerator = reader.IsDBNull(0) ? 0 : reader.GetDouble(0);
            double? totalDenominator = reader.IsDBNull(1) ? null : reader.GetDouble(1);

            var header = new List<string> { id, source.DateColumn };
            if (memberColumn is not null)
            {
                header.Add(memberColumn);
            }

            header.AddRange(measures);
            header.AddRange(["numerator", "denominator"]);
            header.Add("lake_file");
            header.AddRange(lineage);
            csv.Write(string.Join(',', header));
            csv.Write('\n');

            string display = string.Join(", ", new[] { id, source.DateColumn }.Concat(memberColumn is null ? [] : [memberColumn]).Concat(measures).Concat(lineage).Select(c => $"any_value({SqlText.Identifier(c)}) as {SqlText.Identifier(c)}"));
            using DuckDBCommand rows = connection.CreateCommand();
            rows.CommandText =
                $"{scoped}, per_row as (select explain_row, {display}, cast(({kpi.Numerator}) as double) as explain_numerator, " +
                $"cast(({denominator}) as double) as explain_denominator from scoped group by explain_row) " +
                "select * exclude (explain_row) from per_row " +
                "where coalesce(explain_numerator, 0) <> 0 or coalesce(explain_denominator, 0) <> 0 " +
                $"order by {SqlText.Identifier(source.DateColumn)}, {SqlText.Identifier(id)}";
            using var rowReader = rows.ExecuteReader();
            long count = 0;
            double numeratorSum = 0;
            double denominatorSum = 0;
            var ordinals = Enumerable.Range(0, rowReader.FieldCount).ToDictionary(rowReader.GetName, i => i, StringComparer.Ordinal);
            while (rowReader.Read())
            {
                count++;
                var cells = new List<string>();
                foreach (string name in header)
                {
                    object? cell = name switch
                    {
                        "numerator" => Value(rowReader, ordinals["explain_numerator"]),
                        "denominator" => Value(rowReader, ordinals["explain_denominator"]),
                        "lake_file" => LakeFile(rowReader, ordinals),
                        _ => Value(rowReader, ordinals[name]),
                    };
                    cells.Add(ScorecardCsvWriter.Cell(cell));
                }

                numeratorSum += rowReader.IsDBNull(ordinals["explain_numerator"]) ? 0 : rowReader.GetDouble(ordinals["explain_numerator"]);
                denominatorSum += rowReader.IsDBNull(ordinals["explain_denominator"]) ? 0 : rowReader.GetDouble(ordinals["explain_denominator"]);
                csv.Write(string.Join(',', cells));
                csv.Write('\n');
            }

            double? value = kpi.Denominator is null ? numerator
                : totalDenominator is > 0 or < 0 ? numerator / totalDenominator.Value * (double)kpi.Scale
                : null;
            bool addsUp = Close(numeratorSum, numerator) && (totalDenominator is null ? kpi.Denominator is null || denominatorSum == 0 : Close(denominatorSum, totalDenominator.Value));
            (double? published, bool isPublished) = Published(connection, kpi, period, level, memberId);
            return new KpiExplanation(kpi, source.Relation, source.DateColumn, memberColumn, period.Grain, period.Start, period.End, level, memberId,
                numerator, totalDenominator, value, published, isPublished, count, addsUp);
        }
    }

    private static (double? Value, bool IsPublished) Published(DuckDBConnection connection, KpiDefinition kpi, ExportPeriod period, string level, string memberId)
    {
        if (!kpi.Levels.Contains(level) || !kpi.Periods.Contains(period.Grain))
        {
            return (null, false);
        }

        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText =
            $"select value from scorecard.fct_kpi where kpi_id = {SqlText.Literal(kpi.Id)} and period_grain = {SqlText.Literal(period.Grain)} " +
            $"and period_start = {DateLiteral(period.Start)} and level = {SqlText.Literal(level)} and member_id = {SqlText.Literal(memberId)}";
        object? value = command.ExecuteScalar();
        return (value is null or DBNull ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture), true);
    }

    /// <summary>The lake file a row was read from: <c>lake/&lt;source&gt;/&lt;dataset&gt;/extract_date=&lt;day&gt;/&lt;extract id&gt;.parquet</c>.</summary>
    private static string? LakeFile(System.Data.Common.DbDataReader reader, IReadOnlyDictionary<string, int> ordinals)
    {
        if (!ordinals.TryGetValue("source_file", out int file) || !ordinals.TryGetValue("extract_id", out int extract) || !ordinals.TryGetValue("extract_date", out int date)
            || reader.IsDBNull(file) || reader.IsDBNull(extract) || reader.IsDBNull(date))
        {
            return null;
        }

        string[] parts = reader.GetString(file).Split('/');
        DateOnly day = DateOnly.FromDateTime(reader.GetDateTime(date));
        return parts.Length < 3 ? null
            : $"{StorageContainer}/{parts[0]}/{parts[1]}/extract_date={day:yyyy-MM-dd}/{reader.GetString(extract)}.parquet";
    }

    private const string StorageContainer = "lake";

    private static object? Value(System.Data.Common.DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetValue(ordinal) switch
        {
            DateTime d when d.TimeOfDay == TimeSpan.Zero && reader.GetDataTypeName(ordinal) == "Date" => DateOnly.FromDateTime(d),
            DateOnly d => d,
            DateTime d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            double d => d,
            float f => (double)f,
            decimal m => (double)m,
            long l => l,
            int i => i,
            short s => (int)s,
            bool b => b,
            System.Numerics.BigInteger big => (double)big,
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));

    private static List<string> ColumnsOf(DuckDBConnection connection, string relation)
    {
        string[] parts = relation.Split('.');
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText =
            $"select column_name from information_schema.columns where table_catalog = '{MartConnection.CatalogName}' " +
            $"and table_schema = {SqlText.Literal(parts[0])} and table_name = {SqlText.Literal(parts[1])} order by ordinal_position";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns.Count > 0 ? columns : throw new InvalidOperationException($"The mart has no table {relation}: build it first.");
    }

    private static bool Reads(string expression, string column) =>
        Regex.IsMatch(expression, $@"(?<![A-Za-z0-9_]){Regex.Escape(column)}(?![A-Za-z0-9_])");

    private static string DateLiteral(DateOnly day) => "date " + SqlText.Literal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
