namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Detects repeated keys within one extract by a 64-bit hash of the key's text.
/// Exports usually list keys in increasing order; while they do, a key greater than the previous one cannot be a
/// repeat, so its hash is only appended to a spill file on local disk (sequential writes, no lookups, constant
/// memory). The first key that does not increase loads the spilled hashes into an open-addressing hash table and
/// every later key is looked up there: only files with unordered keys use memory that grows (8-16 bytes per row).
/// A 64-bit collision among a few million keys has a probability around 10^-6; it would quarantine (not lose) a row.
/// </summary>
internal sealed class KeySet(string spillFile) : IDisposable
{
    private const int ChunkSize = 1 << 14;
    private readonly ulong[] _pending = new ulong[ChunkSize];
    private int _pendingCount;
    private FileStream? _spill;
    private long _sortedCount;
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
        _pending[_pendingCount++] = hash;
        _sortedCount++;
        if (_pendingCount == ChunkSize)
        {
            _spill ??= new FileStream(spillFile, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _spill.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_pending.AsSpan()));
            _pendingCount = 0;
        }
    }

    private void BuildTable()
    {
        long size = 1 << 16;
        while (size * 3 < (_sortedCount * 4) + 4)
        {
            size *= 2;
        }

        _slots = new ulong[size * 2];
        if (_spill is not null)
        {
            _spill.Position = 0;
            long spilledChunks = (_sortedCount - _pendingCount) / ChunkSize;
            ulong[] chunk = new ulong[ChunkSize];
            for (long c = 0; c < spilledChunks; c++)
            {
                Span<byte> target = System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunk.AsSpan());
                _spill.ReadExactly(target);
                foreach (ulong h in chunk)
                {
                    Insert(h);
                }
            }

            _spill.Dispose();
            _spill = null;
        }

        for (int i = 0; i < _pendingCount; i++)
        {
            Insert(_pending[i]);
        }
    }

    public void Dispose() => _spill?.Dispose();

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
