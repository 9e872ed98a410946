using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The built mart database as a local file: read in place from a local-folder store, downloaded to a temporary file
/// from blob storage (and deleted on dispose). Throws <see cref="FileNotFoundException"/> when no mart was built yet.
/// </summary>
public sealed class MartFile : IAsyncDisposable
{
    private readonly bool _temporary;

    private MartFile(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    public string Path { get; }

    public static async Task<MartFile> OpenAsync(IBlobStore store, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken) is null)
        {
            throw new FileNotFoundException($"No mart in {store.Location} yet: run 'scorecard build' first.");
        }

        if (store is LocalFolderStore local)
        {
            return new MartFile(System.IO.Path.Combine(local.Root, StoreContainers.Mart, MartBuilder.DatabaseFileName), false);
        }

        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"scorecard-mart-{Guid.NewGuid():N}.duckdb");
        await store.DownloadToFileAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, file, cancellationToken);
        return new MartFile(file, true);
    }

    public ValueTask DisposeAsync()
    {
        if (_temporary)
        {
            File.Delete(Path);
        }

        return ValueTask.CompletedTask;
    }
}
