using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The built mart as a local folder holding <c>scorecard_mart.duckdb</c>: read in place from a local-folder store,
/// downloaded to a temporary folder from blob storage (deleted on dispose). Throws <see cref="FileNotFoundException"/>
/// when no mart was built yet.
/// </summary>
public sealed class MartFile : IAsyncDisposable
{
    private readonly bool _temporary;

    private MartFile(string directory, bool temporary)
    {
        Directory = directory;
        _temporary = temporary;
    }

    /// <summary>The folder holding <see cref="MartBuilder.DatabaseFileName"/>: pass it to <see cref="MartConnection.OpenReadOnly"/>.</summary>
    public string Directory { get; }

    public static async Task<MartFile> OpenAsync(IBlobStore store, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken) is null)
        {
            throw new FileNotFoundException($"No mart in {store.Location} yet: run 'scorecard build' first.");
        }

        if (store is LocalFolderStore local)
        {
            return new MartFile(Path.Combine(local.Root, StoreContainers.Mart), false);
        }

        string folder = System.IO.Directory.CreateTempSubdirectory("scorecard-mart-").FullName;
        await store.DownloadToFileAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, Path.Combine(folder, MartBuilder.DatabaseFileName), cancellationToken);
        return new MartFile(folder, true);
    }

    public ValueTask DisposeAsync()
    {
        if (_temporary)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
