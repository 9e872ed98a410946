using System.IO.Compression;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>A local-folder store in a temp folder, with shortcuts to land extracts and ingest them.</summary>
public sealed class IngestFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public IngestFixture(IBlobStore? store = null, IngestOptions? options = null)
    {
        Store = store ?? new LocalFolderStore(_folder.Path);
        Store.EnsureContainersAsync().GetAwaiter().GetResult();
        Options = options ?? new IngestOptions();
        Ingestor = new ExtractIngestor(Store, Options);
    }

    public IBlobStore Store { get; }

    public IngestOptions Options { get; }

    public ExtractIngestor Ingestor { get; }

    public string Root => _folder.Path;

    public async Task LandAsync(string landingPath, byte[] content, bool gzip = false)
    {
        if (gzip)
        {
            using var compressed = new MemoryStream();
            await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                await zip.WriteAsync(content);
            }

            content = compressed.ToArray();
        }

        await Store.WriteAsync(StoreContainers.Landing, landingPath, new MemoryStream(content));
    }

    public Task LandAsync(string landingPath, string content) => LandAsync(landingPath, System.Text.Encoding.UTF8.GetBytes(content));

    public async Task<IngestResult> LandAndIngestAsync(string landingPath, byte[] content, bool gzip = false)
    {
        await LandAsync(landingPath, content, gzip);
        return await Ingestor.IngestAsync(landingPath);
    }

    public async Task<List<string>> ListAsync(string container, string prefix = "")
    {
        var paths = new List<string>();
        await foreach (BlobEntry entry in Store.ListAsync(container, prefix))
        {
            paths.Add(entry.Path);
        }

        return paths;
    }

    /// <summary>Local path of a blob, for DuckDB to read (local store only).</summary>
    public string LocalPath(string container, string path) => Path.Combine(Root, container, path);

    public async Task<string> ReadTextAsync(string container, string path)
    {
        await using Stream stream = await Store.OpenReadAsync(container, path);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public void Dispose() => _folder.Dispose();
}
