using System.Globalization;
using System.Text;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Writes an export's rows as CSV (RFC 4180, comma, header row, LF line ends, UTF-8 without a byte order mark).
/// Text cells starting with <c>= + - @</c>, a tab or a carriage return get a leading apostrophe so a spreadsheet
/// does not run them as formulas; numbers are written as numbers.
/// </summary>
public static class ScorecardCsvWriter
{
    public static string Write(IEnumerable<ScorecardExportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendJoin(',', ScorecardExportColumns.All.Select(c => c.Name)).Append('\n');
        foreach (ScorecardExportRow row in rows)
        {
            text.AppendJoin(',', ScorecardExportColumns.All.Select(c => Cell(c.Value(row)))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One cell: empty for null, a round-trip number, true/false, an ISO date, or neutralised and quoted text.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => ScorecardExportColumns.Number(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Quote(Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
    };

    /// <summary>Prefixes text a spreadsheet would treat as a formula with an apostrophe.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
