using System.Globalization;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.SampleData;

/// <summary>
/// Checks parsed extract rows against a contract on its own: header, per-column kind, range and allowed values
/// (with the generator's stricter formats: UTC <c>Z</c> timestamps to the second, at most 2 decimals), the key,
/// and every cross-field rule the contract declares.
/// </summary>
internal static class ExtractRowChecker
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>Problems found, each naming row and column; empty when the file is valid.</summary>
    public static List<string> Check(DatasetContract contract, List<string[]> rows)
    {
        var problems = new List<string>();
        string[] expectedHeader = [.. contract.Columns.Select(c => c.Name)];
        if (rows.Count == 0 || !rows[0].SequenceEqual(expectedHeader))
        {
            problems.Add($"{contract.Id}: header is '{(rows.Count > 0 ? string.Join(',', rows[0]) : "")}'");
            return problems;
        }

        int[] key = [.. contract.Key.Select(contract.IndexOf)];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 1; r < rows.Count && problems.Count < 20; r++)
        {
            string[] row = rows[r];
            if (row.Length != expectedHeader.Length)
            {
                problems.Add($"{contract.Id} row {r}: {row.Length} fields");
                continue;
            }

            for (int c = 0; c < row.Length; c++)
            {
                if (CheckField(contract.Columns[c], row[c]) is { } problem)
                {
                    problems.Add($"{contract.Id} row {r} {contract.Columns[c].Name} '{row[c]}': {problem}");
                }
            }

            if (!keys.Add(string.Join('\u001f', key.Select(k => row[k]))))
            {
                problems.Add($"{contract.Id} row {r}: duplicate key {string.Join('/', key.Select(k => row[k]))}");
            }

            var values = new CheckedRow(contract, row);
            foreach (RowRule rule in contract.Rules)
            {
                if (rule.Check(values) is { } broken)
                {
                    problems.Add($"{contract.Id} row {r}: {broken}");
                }
            }
        }

        return problems;
    }

    public static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.ParseExact(value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? CheckField(ColumnContract column, string value)
    {
        if (value.Length == 0)
        {
            return column.Required ? "required but empty" : null;
        }

        switch (column.Kind)
        {
            case ColumnKind.Text or ColumnKind.Pseudonym:
                return value.Length > column.MaxLength ? "too long" : null;
            case ColumnKind.Code:
                return column.AllowedValues.Contains(value) ? null : "not an allowed value";
            case ColumnKind.Timestamp:
                return DateTimeOffset.TryParseExact(value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t)
                    && t.Year is >= 2000 and <= 2099 ? null : "not a UTC timestamp yyyy-MM-ddTHH:mm:ssZ in 2000-2099";
            case ColumnKind.Date:
                return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)
                    && d.Year is >= 2000 and <= 2099 ? null : "not a date yyyy-MM-dd in 2000-2099";
            case ColumnKind.Integer:
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long i)
                    && i >= column.Min && i <= column.Max ? null : "not a whole number in range";
            case ColumnKind.Decimal:
                int dot = value.IndexOf('.', StringComparison.Ordinal);
                return decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal m)
                    && m >= column.Min && m <= column.Max && (dot < 0 || value.Length - dot - 1 is >= 1 and <= 2)
                    ? null : "not a decimal in range with at most 2 decimals";
            case ColumnKind.Boolean:
                return value is "true" or "false" ? null : "not true/false";
            case ColumnKind.Currency:
                return value.Length == 3 && value.All(char.IsAsciiLetterUpper) ? null : "not an ISO 4217 code";
            default:
                return $"unknown kind {column.Kind}";
        }
    }

    /// <summary>A checked row as the contract's rules see it.</summary>
    private sealed class CheckedRow(DatasetContract contract, string[] fields) : IRowValues
    {
        public bool IsPresent(int column) => fields[column].Length > 0;

        public long Ordinal(int column) => contract.Columns[column].Kind == ColumnKind.Date
            ? DateOnly.ParseExact(fields[column], "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber
            : ParseTimestamp(fields[column]).UtcTicks;

        public ReadOnlySpan<char> Text(int column) => fields[column];
    }
}
