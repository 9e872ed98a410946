namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Returns one shared copy per distinct value of a low-cardinality column (queues, agents, codes), looked up by span
/// so a repeated value costs no allocation. Stops growing past <c>capacity</c>: callers then fall back to the arena.
/// </summary>
internal sealed class InternTable
{
    private readonly int _capacity;
    private ReadOnlyMemory<char>[] _exact = [];
    private readonly Dictionary<string, ReadOnlyMemory<char>> _values;
    private readonly Dictionary<string, ReadOnlyMemory<char>>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public InternTable(int capacity, StringComparer comparer)
    {
        _capacity = capacity;
        _values = new Dictionary<string, ReadOnlyMemory<char>>(comparer);
        _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static InternTable Closed(IEnumerable<string> values, StringComparer comparer)
    {
        var table = new InternTable(int.MaxValue, comparer);
        foreach (string v in values)
        {
            table._values[v] = v.AsMemory();
        }

        // A closed set is a handful of codes: comparing the exact spellings in turn is cheaper than hashing.
        table._exact = table._values.Values.ToArray();
        return table;
    }

    public bool TryGet(ReadOnlySpan<char> value, out ReadOnlyMemory<char> interned)
    {
        foreach (ReadOnlyMemory<char> candidate in _exact)
        {
            if (value.SequenceEqual(candidate.Span))
            {
                interned = candidate;
                return true;
            }
        }

        return _lookup.TryGetValue(value, out interned);
    }

    public bool TryAdd(ReadOnlySpan<char> value, out ReadOnlyMemory<char> interned)
    {
        if (_values.Count >= _capacity)
        {
            interned = default;
            return false;
        }

        string s = value.ToString();
        interned = s.AsMemory();
        _values[s] = interned;
        return true;
    }
}
