using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>Reads what the ingest and the build wrote with a real DuckDB, the way the mart and BI tools will.</summary>
public static class LakeQuery
{
    /// <summary>Every row of <paramref name="sql"/> on a fresh in-memory DuckDB in UTC (for <c>read_parquet</c> of lake files).</summary>
    public static List<object?[]> Rows(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return Rows(connection, "SET TimeZone = 'UTC'; " + sql);
    }

    /// <summary>Every row of <paramref name="sql"/> on an open connection (a mart database), nulls as null.</summary>
    public static List<object?[]> Rows(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static object? Scalar(string sql) => Rows(sql)[0][0];
}
