namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Passes decompressed bytes through and rejects the extract when they outgrow the compressed bytes read so far
/// by more than <paramref name="maxRatio"/> (past the first <see cref="Allowance"/>): a gzip bomb (a small file that
/// inflates to gigabytes) is refused after a few megabytes instead of being parsed for minutes. Real extracts
/// compress 5-20 times.
/// </summary>
internal sealed class InflationLimitStream(Stream decompressed, Func<long> compressedBytesRead, int maxRatio) : Stream
{
    /// <summary>Decompressed bytes always allowed, however small the compressed input (headers, tiny files).</summary>
    public const long Allowance = 1 << 20;

    private long _bytes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _bytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(decompressed.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await decompressed.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressed.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await decompressed.DisposeAsync();
        await base.DisposeAsync();
    }

    private int Count(int read)
    {
        _bytes += read;
        long compressed = compressedBytesRead();
        if (_bytes > Allowance && _bytes > maxRatio * Math.Max(compressed, 1))
        {
            throw new RejectedExtractException(
                $"the compressed data inflates more than {maxRatio} times ({_bytes:N0} bytes from {compressed:N0}; Ingest:MaxCompressionRatio): " +
                "refused as a possible decompression bomb");
        }

        return read;
    }
}
