namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Detects repeated keys within one extract by a 64-bit hash of the key's text.
/// Exports usually list keys in increasing order; while they do, a key greater than the previous one cannot be a
/// repeat, so its hash is only appended to a flat array (sequential writes, no lookups). The first key that does not
/// increase turns the array into an open-addressing hash table and every later key is looked up there.
/// Memory: 8 bytes per row while sorted, 8-16 after; the one ingest structure that grows with the file.
/// A 64-bit collision among a few million keys has a probability around 10^-6; it would quarantine (not lose) a row.
/// </summary>
internal sealed class KeySet
{
    private const int ChunkSize = 1 << 16;
    private readonly List<ulong[]> _sorted = [];
    private int _sortedCount;
    private char[] _last = new char[64];
    private int _lastLength = -1;
    private ulong[]? _slots;
    private int _count;

    public static ulong Hash(ReadOnlySpan<char> text, ulong seed = 14695981039346656037UL)
    {
        ulong h = seed;
        foreach (char c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>Adds the key (its text, for the order check, and its hash); returns false when it was already present.</summary>
    public bool Add(ReadOnlySpan<char> text, ulong hash)
    {
        hash = Mix(hash);
        if (_slots is null)
        {
            if (_lastLength < 0 || text.SequenceCompareTo(_last.AsSpan(0, _lastLength)) > 0)
            {
                Remember(text);
                AppendSorted(hash);
                return true;
            }

            BuildTable();
        }

        return Insert(hash);
    }

    private static ulong Mix(ulong hash)
    {
        hash ^= hash >> 29;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 32;
        return hash == 0 ? 1 : hash;
    }

    private void Remember(ReadOnlySpan<char> text)
    {
        if (text.Length > _last.Length)
        {
            _last = new char[text.Length * 2];
        }

        text.CopyTo(_last);
        _lastLength = text.Length;
    }

    private void AppendSorted(ulong hash)
    {
        int chunk = _sortedCount / ChunkSize;
        if (chunk == _sorted.Count)
        {
            _sorted.Add(new ulong[ChunkSize]);
        }

        _sorted[chunk][_sortedCount % ChunkSize] = hash;
        _sortedCount++;
    }

    private void BuildTable()
    {
        int size = 1 << 16;
        while (size * 3L < _sortedCount * 4L + 4)
        {
            size *= 2;
        }

        _slots = new ulong[size * 2];
        for (int i = 0; i < _sortedCount; i++)
        {
            Insert(_sorted[i / ChunkSize][i % ChunkSize]);
        }

        _sorted.Clear();
    }

    private bool Insert(ulong hash)
    {
        if (_count * 4 >= _slots!.Length * 3)
        {
            Grow();
        }

        int mask = _slots.Length - 1;
        int i = (int)hash & mask;
        while (true)
        {
            ulong slot = _slots[i];
            if (slot == 0)
            {
                _slots[i] = hash;
                _count++;
                return true;
            }

            if (slot == hash)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        ulong[] old = _slots!;
        _slots = new ulong[old.Length * 2];
        _count = 0;
        foreach (ulong h in old)
        {
            if (h != 0)
            {
                Insert(h);
            }
        }
    }
}
