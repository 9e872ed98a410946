using System.Text;

namespace Scorecard.Pipeline.Storage;

/// <summary>Conveniences every <see cref="IBlobStore"/> gets from its core methods.</summary>
public static class BlobStoreExtensions
{
    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a blob as UTF-8 text (a leading byte order mark is dropped).</summary>
    public static async Task<string> ReadAllTextAsync(this IBlobStore store, string container, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = await store.OpenReadAsync(container, path, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Utf8WithoutBom, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes text as UTF-8 without a byte order mark, replacing the blob atomically.</summary>
    public static async Task WriteTextAsync(this IBlobStore store, string container, string path, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(text);
        using var content = new MemoryStream(Utf8WithoutBom.GetBytes(text), writable: false);
        await store.WriteAsync(container, path, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams a blob to a local file. The data goes to a temporary file beside the target, which is then renamed
    /// over it, so the local file is never left half written.
    /// </summary>
    public static async Task DownloadToFileAsync(this IBlobStore store, string container, string path, string localFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        var target = Path.GetFullPath(localFile);
        var source = await store.OpenReadAsync(container, path, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = $"{target}.{Guid.NewGuid():N}.tmp";
            try
            {
                var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    await source.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                File.Move(temp, target, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }
    }

    /// <summary>Whether the blob exists.</summary>
    public static async Task<bool> ExistsAsync(this IBlobStore store, string container, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetAsync(container, path, cancellationToken).ConfigureAwait(false) is not null;
    }
}
