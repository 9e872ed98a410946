using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>
/// Writes lake files the way the ingest does: <c>&lt;lake&gt;/&lt;source&gt;/&lt;dataset&gt;/extract_date=&lt;date&gt;/&lt;extract_id&gt;.parquet</c>
/// with the contract columns typed as the lake types them, the derived event date and the lineage columns.
/// Rows are column-name to value maps; missing optional columns are null.
/// </summary>
public sealed class LakeWriter(string lakeRoot)
{
    public string LakeRoot => lakeRoot;

    public string Write(DatasetContract contract, string extractDate, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string hash = "aaaaaaaaaaaa", string time = "000000000")
    {
        string extractId = $"{extractDate.Replace("-", "")}T{time}Z-{hash}";
        string folder = Path.Combine(lakeRoot, contract.Source, contract.Name, $"extract_date={extractDate}");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, extractId + ".parquet");
        string sourceFile = $"landing/{contract.Source}/{contract.Name}/{extractDate}.csv";
        var selects = rows.Select((row, i) => SelectRow(contract, row, extractId, sourceFile, i + 1)).ToList();
        if (selects.Count == 0)
        {
            selects.Add(SelectRow(contract, new Dictionary<string, object?>(), extractId, sourceFile, 0) + " limit 0");
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "set TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        command.CommandText = $"copy ({string.Join("\nunion all\n", selects)}) to '{file}' (format parquet)";
        command.ExecuteNonQuery();
        return file;
    }

    private static string SelectRow(DatasetContract contract, IReadOnlyDictionary<string, object?> row, string extractId, string sourceFile, int rowNumber)
    {
        foreach (string key in row.Keys.Where(k => !contract.HasColumn(k)))
        {
            throw new ArgumentException($"{contract.Id} has no column '{key}'.");
        }

        var columns = contract.Columns
            .Select(c => $"cast({Literal(row.GetValueOrDefault(c.Name))} as {LakeRelations.DuckDbType(c.Kind)}) as {c.Name}")
            .ToList();
        if (contract.EventDate is { } eventDate)
        {
            columns.Add($"cast(timezone('UTC', cast({Literal(row.GetValueOrDefault(eventDate.From))} as timestamptz)) as date) as {eventDate.Name}");
        }

        columns.Add($"'{extractId}' as extract_id");
        columns.Add($"'{sourceFile}' as source_file");
        columns.Add($"cast({rowNumber} as bigint) as source_row_number");
        return "select " + string.Join(", ", columns);
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "'" + s.Replace("'", "''") + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => "'" + t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+00'",
        DateOnly d => "'" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
        _ => throw new ArgumentException($"No literal for {value.GetType().Name}."),
    };
}
