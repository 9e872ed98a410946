namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Detects repeated keys within one extract by a 64-bit hash of the key's text in an open-addressing table.
/// About 8-16 bytes per row: the one ingest structure that grows with the file (documented in the README).
/// A 64-bit collision among a few million keys has a probability around 10^-6; it would quarantine (not lose) a row.
/// </summary>
internal sealed class KeySet
{
    private ulong[] _slots = new ulong[1 << 16];
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

    /// <summary>Mixes the next key part into a composite key's hash, with a separator so ("ab","c") != ("a","bc").</summary>
    public static ulong Combine(ulong hash, ReadOnlySpan<char> part) => Hash(part, (hash ^ 0x1F) * 1099511628211UL);

    /// <summary>Adds the key; returns false when it was already present.</summary>
    public bool Add(ulong hash)
    {
        hash ^= hash >> 29;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 32;
        if (hash == 0)
        {
            hash = 1;
        }

        if (_count * 4 >= _slots.Length * 3)
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
        ulong[] old = _slots;
        _slots = new ulong[old.Length * 2];
        int mask = _slots.Length - 1;
        foreach (ulong h in old)
        {
            if (h == 0)
            {
                continue;
            }

            int i = (int)h & mask;
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = h;
        }
    }
}
