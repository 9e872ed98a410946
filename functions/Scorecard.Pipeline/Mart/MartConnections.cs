using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Opens a built mart read-only for queries. DuckDB names a database file's catalog after the file, and
/// <c>scorecard.duckdb</c> also holds a schema <c>scorecard</c>, so <c>scorecard.fct_kpi</c> would be ambiguous;
/// attaching the file as <c>mart</c> and using it lets queries say <c>scorecard.fct_kpi</c> and <c>marts.fct_contact</c>.
/// </summary>
public static class MartConnections
{
    public static DuckDBConnection OpenReadOnly(string databasePath)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"attach '{databasePath.Replace("'", "''")}' as mart (read_only); use mart; set TimeZone = 'UTC';";
        command.ExecuteNonQuery();
        return connection;
    }
}
