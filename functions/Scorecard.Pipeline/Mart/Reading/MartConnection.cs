using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Opens a mart database. The file is attached as catalog <see cref="CatalogName"/>, the name the DuckDB CLI and drivers
/// give it too (a file's catalog is named after the file), and made the default: <c>scorecard.fct_kpi</c> means the
/// <c>scorecard</c> schema, the same query that works in <c>duckdb scorecard_mart.duckdb</c>.
/// </summary>
public static class MartConnection
{
    public const string CatalogName = "scorecard_mart";

    /// <summary>An open connection with <paramref name="databasePath"/> attached as <c>mart</c> and in use.</summary>
    public static DuckDBConnection Open(string databasePath, bool readOnly = false)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        try
        {
            using var command = connection.CreateCommand();
            string mode = readOnly ? " (read_only)" : "";
            // The tables split into partitions are views of their Parquet files, named relative to the mart folder.
            string folder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
            command.CommandText = $"attach {SqlText.PathLiteral(databasePath)} as {CatalogName}{mode}; use {CatalogName}; set TimeZone = 'UTC'; set file_search_path = {SqlText.PathLiteral(folder)};";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A read-only connection to the mart in <paramref name="martDirectory"/> (for queries and the CLI).</summary>
    public static DuckDBConnection OpenReadOnly(string martDirectory) =>
        Open(Path.Combine(martDirectory, MartBuilder.DatabaseFileName), readOnly: true);
}
