namespace Scorecard.Pipeline.Storage;

/// <summary>
/// A read-only stream over a blob download that turns a transient failure left after the SDK's own retries (it
/// resumes a dropped download where it stopped) into the store's clear error, naming the blob.
/// </summary>
internal sealed class GuardedReadStream(Stream inner, Func<Exception, bool> isTransient, Func<Exception, Exception> translate) : ReadOnlyWrappingStream(inner)
{
    public override long Length => Inner.Length;

    public override long Position
    {
        get => Inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Inner.Read(buffer);
        }
        catch (Exception e) when (isTransient(e))
        {
            throw translate(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (isTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            throw translate(e);
        }
    }
}
