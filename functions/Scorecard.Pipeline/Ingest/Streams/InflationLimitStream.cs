using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Passes decompressed bytes through and rejects the extract when they outgrow the compressed bytes read so far
/// by more than <paramref name="maxRatio"/> (past the first <see cref="Allowance"/>): a gzip bomb (a small file that
/// inflates to gigabytes) is refused after a few megabytes instead of being parsed for minutes. Real extracts
/// compress 5-20 times.
/// </summary>
internal sealed class InflationLimitStream(Stream decompressed, Func<long> compressedBytesRead, int maxRatio) : ReadOnlyWrappingStream(decompressed)
{
    /// <summary>Decompressed bytes always allowed, however small the compressed input (headers, tiny files).</summary>
    public const long Allowance = 1 << 20;

    private long _bytes;

    public override long Position { get => _bytes; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken));

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
