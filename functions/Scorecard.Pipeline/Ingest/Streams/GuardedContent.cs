using System.IO.Compression;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// The bytes of one extract as ingest reads them, whichever way they came: fingerprinted and counted
/// (<see cref="HashingReadStream"/>) and, for gzip, decompressed under the inflation limit
/// (<see cref="InflationLimitStream"/>). Contract extracts, mapped source files and the contract CSVs a mapping writes
/// are all read through this one gate, so no path can skip a guard.
/// </summary>
internal sealed class GuardedContent : IAsyncDisposable
{
    private readonly HashingReadStream _raw;
    private readonly Stream? _inflated;

    private GuardedContent(Stream raw, bool compressed, int maxCompressionRatio)
    {
        _raw = new HashingReadStream(raw);
        _inflated = compressed
            ? new InflationLimitStream(new GZipStream(_raw, CompressionMode.Decompress, leaveOpen: true), () => _raw.BytesRead, maxCompressionRatio)
            : null;
    }

    /// <summary>The content to parse: decompressed when the file is gzip.</summary>
    public Stream Content => _inflated ?? _raw;

    /// <summary>Bytes of the file (compressed, when it is) read so far.</summary>
    public long BytesRead => _raw.BytesRead;

    public static GuardedContent Open(Stream raw, bool compressed, IngestOptions options) =>
        new(raw, compressed, options.MaxCompressionRatio);

    /// <summary>The content as UTF-8 text (or UTF-16/32 with a byte order mark).</summary>
    public StreamReader OpenText() =>
        new(Content, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

    /// <summary>The fingerprint of the whole file, read to its end (a decompressor may stop before it).</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        if (_inflated is not null)
        {
            await _inflated.DisposeAsync();
        }

        return await _raw.FinishAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_inflated is not null)
        {
            await _inflated.DisposeAsync();
        }

        await _raw.DisposeAsync();
    }
}
