namespace Scorecard.Pipeline.Mart;

/// <summary>The one place DuckDB SQL text is quoted: every value or path put into SQL goes through here.</summary>
public static class SqlText
{
    /// <summary>A string literal: <c>it's</c> becomes <c>'it''s'</c>.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A file path as a string literal, with forward slashes (DuckDB reads them on every OS).</summary>
    public static string PathLiteral(string path) => Literal(path.Replace('\\', '/'));

    /// <summary>A quoted identifier (column or table name): <c>a"b</c> becomes <c>"a""b"</c>.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
