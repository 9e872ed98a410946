namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// The contract of one extract dataset (<c>landing/&lt;source&gt;/&lt;dataset&gt;/...</c>): its columns in header order,
/// the key that must be unique within a file, cross-field rules, and the UTC date column derived for partition-free
/// date filtering (so KPI queries never cast zoned timestamps per row).
/// </summary>
public sealed class DatasetContract
{
    private readonly Dictionary<string, int> _index;

    public DatasetContract(
        string source,
        string name,
        string description,
        IReadOnlyList<ColumnContract> columns,
        IReadOnlyList<string> key,
        IReadOnlyList<RowRule>? rules = null,
        (string Name, string From)? eventDate = null)
    {
        Source = source;
        Name = name;
        Description = description;
        Columns = columns;
        Key = key;
        Rules = rules ?? [];
        EventDate = eventDate;
        _index = columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        foreach (string k in key)
        {
            IndexOf(k);
        }

        if (eventDate is { } d && columns[IndexOf(d.From)].Kind != ColumnKind.Timestamp)
        {
            throw new ArgumentException($"{Id}: event date source '{d.From}' must be a timestamp column.");
        }

        foreach (RowRule rule in Rules)
        {
            rule.Bind(this);
        }
    }

    /// <summary>Schema version written to every audit record and Parquet file; bump on any contract change.</summary>
    public const int SchemaVersion = 1;

    public string Source { get; }

    public string Name { get; }

    /// <summary><c>source/name</c>, e.g. <c>telephony/contacts</c>.</summary>
    public string Id => $"{Source}/{Name}";

    public string Description { get; }

    public IReadOnlyList<ColumnContract> Columns { get; }

    /// <summary>Columns whose combined value must be unique within one extract file.</summary>
    public IReadOnlyList<string> Key { get; }

    public IReadOnlyList<RowRule> Rules { get; }

    /// <summary>A DATE column (UTC calendar day) derived from a timestamp column, written beside it in the lake.</summary>
    public (string Name, string From)? EventDate { get; }

    public int IndexOf(string column) =>
        _index.TryGetValue(column, out int i) ? i : throw new ArgumentException($"{Id} has no column '{column}'.");

    public bool HasColumn(string column) => _index.ContainsKey(column);
}
