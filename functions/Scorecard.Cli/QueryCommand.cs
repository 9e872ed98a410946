using System.CommandLine;
using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class QueryCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("sql") { Description = "A DuckDB query, e.g. \"select * from scorecard.fct_scorecard limit 10\"." };
        var limit = new Option<int>("--limit") { Description = "Most rows printed.", DefaultValueFactory = _ => 100 };
        var command = new Command("query", "Run a read-only SQL query on the mart (scorecard_mart.duckdb) for a quick look.") { sql, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            await using MartFile mart = await MartFile.OpenAsync(store, cancellationToken);
            using DuckDBConnection connection = MartConnection.OpenReadOnly(mart.Directory);
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText = parse.GetValue(sql)!;
            using var reader = command.ExecuteReader();
            Print(reader, parse.GetValue(limit));
            return 0;
        });
        return command;
    }

    private static void Print(System.Data.Common.DbDataReader reader, int limit)
    {
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<string[]>();
        int total = 0;
        while (reader.Read())
        {
            if (++total > limit)
            {
                continue;
            }

            rows.Add(Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "")
                .ToArray());
        }

        int[] widths = header.Select((h, i) => Math.Min(40, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        string Format(string[] cells) => string.Join("  ", cells.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "~" : c).PadRight(widths[i])));
        Console.WriteLine(Format(header));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        rows.ForEach(r => Console.WriteLine(Format(r)));
        Console.WriteLine(total > limit ? $"({total:N0} rows, first {limit} shown)" : $"({total:N0} rows)");
    }
}
