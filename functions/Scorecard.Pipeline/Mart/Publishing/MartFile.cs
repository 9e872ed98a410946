using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The built mart as a local folder holding <c>scorecard_mart.duckdb</c> and its tables' Parquet: read in place from a
/// local-folder store, from blob storage a local mirror brought up to date (only changed files are downloaded) and held
/// for this reader until disposed. Throws <see cref="FileNotFoundException"/>
/// when no mart was built yet.
/// </summary>
public sealed class MartFile : IAsyncDisposable
{
    private readonly MartMirror? _mirror;

    private MartFile(string directory, MartMirror? mirror)
    {
        Directory = directory;
        _mirror = mirror;
    }

    /// <summary>The folder holding <see cref="MartBuilder.DatabaseFileName"/>: pass it to <see cref="MartConnection.OpenReadOnly"/>.</summary>
    public string Directory { get; }

    public static Task<MartFile> OpenAsync(IBlobStore store, CancellationToken cancellationToken = default) =>
        OpenAsync(store, null, cancellationToken);

    /// <summary>
    /// The mart, of which a reader needs only <paramref name="tables"/> (table names, e.g. <c>fct_scorecard</c>; every
    /// table when null): from blob storage, only their files and the database are brought up to date. A query of
    /// another table's Parquet may then fail (no such file); it never reads an old copy.
    /// </summary>
    public static async Task<MartFile> OpenAsync(IBlobStore store, IReadOnlyCollection<string>? tables, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken) is null)
        {
            throw new FileNotFoundException($"No mart in {store.Location} yet: run 'scorecard build' first.");
        }

        if (store is LocalFolderStore local)
        {
            return new MartFile(Path.Combine(local.Root, StoreContainers.Mart), null);
        }

        MartMirror mirror = await MartMirror.OpenAsync(store, MartMirror.Purpose.Read, TimeSpan.FromMinutes(2), cancellationToken);
        try
        {
            await mirror.SyncAsync(store, tables is null ? null : path => !path.Contains('/', StringComparison.Ordinal) || tables.Contains(path.Split('/')[0]), cancellationToken);
        }
        catch
        {
            await mirror.DisposeAsync();
            throw;
        }

        return new MartFile(mirror.Folder, mirror);
    }

    public ValueTask DisposeAsync() => _mirror?.DisposeAsync() ?? ValueTask.CompletedTask;
}
