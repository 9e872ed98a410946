using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Storage;

/// <summary>The store contract against a fresh temporary folder, plus what is specific to folders.</summary>
public sealed class LocalFolderStoreContractTests : BlobStoreContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "scorecard-tests", $"store-{Guid.NewGuid():N}");

    protected override IBlobStore CreateStore() => new LocalFolderStore(_root);

    protected override Task RemoveStoreAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public void Location_is_the_full_root_folder()
    {
        var location = Store.Location;

        Assert.Equal(Path.GetFullPath(_root), location);
    }

    [Fact]
    public async Task Blob_is_the_file_root_container_path()
    {
        await Store.WriteTextAsync(StoreContainers.Mart, "scorecard/2024-01.json", "{}");

        var file = Path.Combine(_root, "mart", "scorecard", "2024-01.json");

        Assert.Equal("{}", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Listing_never_shows_temporary_files()
    {
        await Store.WriteTextAsync(StoreContainers.Lake, "a.txt", "a");
        await File.WriteAllTextAsync(Path.Combine(_root, ".tmp", "left-over-from-a-crash.tmp"), "partial");

        var paths = new List<string>();
        foreach (var container in StoreContainers.All)
        {
            await foreach (var entry in Store.ListAsync(container))
            {
                paths.Add($"{entry.Container}/{entry.Path}");
            }
        }

        Assert.Equal(["lake/a.txt"], paths);
    }

    [Fact]
    public async Task Writes_leave_no_temporary_files_behind()
    {
        await Store.WriteTextAsync(StoreContainers.Lake, "a.txt", "a");
        await Store.WriteTextAsync(StoreContainers.Lake, "a.txt", "b");

        var leftovers = Directory.GetFiles(Path.Combine(_root, ".tmp"));

        Assert.Empty(leftovers);
    }
}
