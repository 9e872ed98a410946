namespace Scorecard.Pipeline.Mapping;

/// <summary>One record of a source file (a CSV row or a JSON object), read by column name or JSON path. Values are
/// trimmed; an empty value or one of the mapping's null markers for that column reads as null.</summary>
internal abstract class SourceRecord(IReadOnlyDictionary<string, IReadOnlySet<string>> nullValues)
{
    private readonly Dictionary<MappingExpression, MappedValue> _fields = new(ReferenceEqualityComparer.Instance);
    private long _rowNumber;

    /// <summary>Row in the source file: 1 is the first row after the header (CSV) or the first record (JSON).
    /// Setting it starts a new record.</summary>
    public long RowNumber
    {
        get => _rowNumber;
        set
        {
            _rowNumber = value;
            _fields.Clear();
        }
    }

    /// <summary>The value of a named field for this record, computed once however often the mapping uses it.</summary>
    public MappedValue Field(MappingExpression field)
    {
        if (!_fields.TryGetValue(field, out MappedValue value))
        {
            value = field.Evaluate(this);
            _fields[field] = value;
        }

        return value;
    }

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
