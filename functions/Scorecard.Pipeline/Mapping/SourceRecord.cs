namespace Scorecard.Pipeline.Mapping;

/// <summary>One record of a source file (a CSV row or a JSON object), read by column name or JSON path. Values are
/// trimmed; an empty value or one of the mapping's null markers for that column reads as null.</summary>
internal abstract class SourceRecord(IReadOnlyDictionary<string, IReadOnlySet<string>> nullValues)
{
    /// <summary>Row in the source file: 1 is the first row after the header (CSV) or the first record (JSON).</summary>
    public long RowNumber { get; set; }

    public string? Get(string column)
    {
        string? raw = Raw(column)?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return nullValues.TryGetValue(column, out IReadOnlySet<string>? markers) && markers.Contains(raw) ? null : raw;
    }

    protected abstract string? Raw(string column);
}
