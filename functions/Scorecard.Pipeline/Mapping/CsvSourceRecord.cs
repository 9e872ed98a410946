using Sylvan.Data.Csv;

namespace Scorecard.Pipeline.Mapping;

/// <summary>The current row of a delimited source file, read by header name (case-insensitive).</summary>
internal sealed class CsvSourceRecord(CsvDataReader csv, IReadOnlyDictionary<string, int> index, IReadOnlyDictionary<string, IReadOnlySet<string>> nullValues)
    : SourceRecord(nullValues)
{
    protected override string? Raw(string column) =>
        index.TryGetValue(column, out int at) && at < csv.RowFieldCount ? csv.GetString(at) : null;
}
