namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Copies field text out of the CSV reader's reused buffer into large chunks, so a row group holds its strings
/// without one allocation per value. <see cref="Reset"/> after each row group reuses the chunks.
/// </summary>
internal sealed class CharArena
{
    private const int ChunkSize = 1 << 18;
    private readonly List<char[]> _chunks = [new char[ChunkSize]];
    private int _chunk;
    private int _used;

    public ReadOnlyMemory<char> Store(ReadOnlySpan<char> value)
    {
        if (value.Length > ChunkSize)
        {
            return value.ToArray();
        }

        if (_used + value.Length > ChunkSize)
        {
            _chunk++;
            _used = 0;
            if (_chunk == _chunks.Count)
            {
                _chunks.Add(new char[ChunkSize]);
            }
        }

        char[] target = _chunks[_chunk];
        value.CopyTo(target.AsSpan(_used));
        var memory = new ReadOnlyMemory<char>(target, _used, value.Length);
        _used += value.Length;
        return memory;
    }

    public void Reset()
    {
        _chunk = 0;
        _used = 0;
    }
}
