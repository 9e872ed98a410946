using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.SampleData;

/// <summary>A real <see cref="LocalFolderStore"/> in a temp folder that is deleted on dispose.</summary>
internal sealed class TempFolderBlobStore : IDisposable
{
    private readonly TempFolder _folder = new();

    public TempFolderBlobStore() => Store = new LocalFolderStore(_folder.Path);

    public LocalFolderStore Store { get; }

    public string FullPath(string container, string path) => Path.Combine(Store.Root, container, path);

    public void Dispose() => _folder.Dispose();
}
