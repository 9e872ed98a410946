using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>Reads what the ingest wrote with a real DuckDB, the way the mart will.</summary>
public static class LakeQuery
{
    public static List<object?[]> Rows(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'; " + sql;
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
