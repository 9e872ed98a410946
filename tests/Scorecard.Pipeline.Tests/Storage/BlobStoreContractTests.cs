using System.Text;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, written once and run by one sealed subclass per implementation.
/// Each test gets a fresh, empty store from <see cref="CreateStore"/> and a scratch folder for local files; both
/// are removed afterwards. Tests use <see cref="ContractFactAttribute"/> so the Azure subclass can skip them
/// when Azurite is not configured (see there for how).
/// </summary>
public abstract class BlobStoreContractTests : IAsyncLifetime
{
    private const string Lake = StoreContainers.Lake;
    private IBlobStore? _store;

    protected IBlobStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A folder for local files the test reads or writes; deleted after the test.</summary>
    protected string ScratchFolder { get; } = Path.Combine(Path.GetTempPath(), "scorecard-tests", $"scratch-{Guid.NewGuid():N}");

    /// <summary>A new store that shares nothing with any other test's store.</summary>
    protected abstract IBlobStore CreateStore();

    /// <summary>Deletes whatever <see cref="CreateStore"/> and the test created.</summary>
    protected abstract Task RemoveStoreAsync();

    public async ValueTask InitializeAsync()
    {
        // xunit 2 does not call DisposeAsync when this throws, so nothing is created before CreateStore succeeds.
        _store = CreateStore();
        Directory.CreateDirectory(ScratchFolder);
        await _store.EnsureContainersAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(ScratchFolder))
        {
            Directory.Delete(ScratchFolder, recursive: true);
        }

        if (_store is not null)
        {
            await RemoveStoreAsync();
        }
    }

    [Fact]
    public async Task Written_blob_reads_back_byte_for_byte()
    {
        var content = Bytes(10_000, seed: 1);

        await Store.WriteAsync(Lake, "contacts/2024/01/part-0.parquet", new MemoryStream(content));

        Assert.Equal(content, await ReadAllBytesAsync(Lake, "contacts/2024/01/part-0.parquet"));
    }

    [Fact]
    public async Task Writing_again_replaces_the_whole_blob()
    {
        await Store.WriteTextAsync(Lake, "state.json", "a much longer first version of the blob");

        await Store.WriteTextAsync(Lake, "state.json", "short");

        Assert.Equal("short", await Store.ReadAllTextAsync(Lake, "state.json"));
        Assert.Equal(5, (await Store.GetAsync(Lake, "state.json"))!.Size);
    }

    [Fact]
    public async Task Get_returns_null_for_a_missing_blob()
    {
        var entry = await Store.GetAsync(Lake, "missing/blob.csv");

        Assert.Null(entry);
        Assert.False(await Store.ExistsAsync(Lake, "missing/blob.csv"));
    }

    [Fact]
    public async Task Get_returns_container_path_size_time_and_version_of_a_present_blob()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Store.WriteAsync(Lake, "runs/run-1.json", new MemoryStream(Bytes(1234, seed: 2)));

        var entry = await Store.GetAsync(Lake, "runs/run-1.json");

        Assert.NotNull(entry);
        Assert.Equal(Lake, entry.Container);
        Assert.Equal("runs/run-1.json", entry.Path);
        Assert.Equal(1234, entry.Size);
        Assert.InRange(entry.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.False(string.IsNullOrEmpty(entry.Version));
        Assert.True(await Store.ExistsAsync(Lake, "runs/run-1.json"));
    }

    [Fact]
    public async Task Version_changes_when_the_blob_is_replaced()
    {
        await Store.WriteAsync(Lake, "v.bin", new MemoryStream(Bytes(100, seed: 3)));
        var first = (await Store.GetAsync(Lake, "v.bin"))!.Version;

        await Store.WriteAsync(Lake, "v.bin", new MemoryStream(Bytes(200, seed: 4)));

        Assert.NotEqual(first, (await Store.GetAsync(Lake, "v.bin"))!.Version);
    }

    [Fact]
    public async Task Open_read_of_a_missing_blob_throws_BlobNotFoundException()
    {
        var exception = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(Lake, "nothing/here.csv"));

        Assert.Equal(Lake, exception.Container);
        Assert.Equal("nothing/here.csv", exception.BlobPath);
    }

    [Fact]
    public async Task List_returns_blobs_starting_with_the_prefix_in_ordinal_order()
    {
        string[] inside = ["runs/2024-01-10/a.json", "runs/2024-01-1x", "runs/2024-01-11/b/c.json"];
        string[] outside = ["runs/2024-01-02/a.json", "runs/2024-01-1", "other/runs/2024-01-10.json"];
        foreach (var path in outside.Concat(inside).Reverse())
        {
            await Store.WriteTextAsync(Lake, path, path);
        }

        var listed = await ListPathsAsync(Lake, "runs/2024-01-1");

        Assert.Equal(["runs/2024-01-1", .. inside.Order(StringComparer.Ordinal)], listed);
    }

    [Fact]
    public async Task List_without_prefix_returns_the_whole_container_in_ordinal_order()
    {
        // '-' (0x2D) < '.' (0x2E) < '/' (0x2F) < 'B' (0x42) < '_' (0x5F) < 'a' (0x61): not what a folder walk gives.
        string[] paths = ["x/a/b", "x/a.c", "x/a-b", "x/B", "x/_", ".hidden", "x/ab"];
        foreach (var path in paths)
        {
            await Store.WriteTextAsync(Lake, path, path);
        }

        var listed = await ListPathsAsync(Lake, string.Empty);

        Assert.Equal(paths.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task List_shows_sizes_and_only_the_asked_container()
    {
        await Store.WriteTextAsync(StoreContainers.Landing, "contacts.csv", "landing copy");
        await Store.WriteTextAsync(Lake, "contacts.csv", "lake");

        var entries = new List<BlobEntry>();
        await foreach (var entry in Store.ListAsync(Lake))
        {
            entries.Add(entry);
        }

        var single = Assert.Single(entries);
        Assert.Equal(Lake, single.Container);
        Assert.Equal("contacts.csv", single.Path);
        Assert.Equal(4, single.Size);
        Assert.Empty(await ListPathsAsync(StoreContainers.Mart, string.Empty));
    }

    [Fact]
    public async Task Delete_returns_true_for_a_present_blob_and_false_for_a_missing_one()
    {
        await Store.WriteTextAsync(Lake, "to/delete.txt", "x");

        var deleted = await Store.DeleteAsync(Lake, "to/delete.txt");
        var deletedAgain = await Store.DeleteAsync(Lake, "to/delete.txt");

        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(await Store.GetAsync(Lake, "to/delete.txt"));
        Assert.Empty(await ListPathsAsync(Lake, "to/"));
    }

    [Fact]
    public async Task Uploaded_multi_megabyte_file_round_trips_byte_for_byte()
    {
        var content = Bytes((20 * 1024 * 1024) + 123, seed: 5);
        var source = Path.Combine(ScratchFolder, "upload.bin");
        await File.WriteAllBytesAsync(source, content);

        await Store.UploadFileAsync(Lake, "big/upload.bin", source);

        var entry = await Store.GetAsync(Lake, "big/upload.bin");
        var read = await ReadAllBytesAsync(Lake, "big/upload.bin");
        Assert.Equal(content.Length, entry!.Size);
        Assert.True(content.AsSpan().SequenceEqual(read), "The uploaded blob differs from the file.");
    }

    [Fact]
    public async Task Download_to_file_writes_the_whole_blob_and_leaves_no_temporary_file()
    {
        var content = Bytes((9 * 1024 * 1024) + 7, seed: 6);
        await Store.WriteAsync(Lake, "big/download.bin", new MemoryStream(content));
        var target = Path.Combine(ScratchFolder, "nested", "download.bin");

        await Store.DownloadToFileAsync(Lake, "big/download.bin", target);

        var downloaded = await File.ReadAllBytesAsync(target);
        Assert.True(content.AsSpan().SequenceEqual(downloaded), "The downloaded file differs from the blob.");
        Assert.Equal(["download.bin"], Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Text_is_written_as_utf8_without_byte_order_mark()
    {
        await Store.WriteTextAsync(Lake, "notes/é.txt", "Zoë – 100 €");

        var bytes = await ReadAllBytesAsync(Lake, "notes/é.txt");

        Assert.Equal(Encoding.UTF8.GetBytes("Zoë – 100 €"), bytes);
        Assert.Equal("Zoë – 100 €", await Store.ReadAllTextAsync(Lake, "notes/é.txt"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    public async Task Invalid_path_is_rejected_by_every_method(string path)
    {
        var localFile = Path.Combine(ScratchFolder, "some.txt");
        await File.WriteAllTextAsync(localFile, "content");

        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.GetAsync(Lake, path));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.OpenReadAsync(Lake, path));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.WriteAsync(Lake, path, new MemoryStream([1, 2, 3])));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.UploadFileAsync(Lake, path, localFile));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => ListPathsAsync(Lake, path));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.DeleteAsync(Lake, path));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.WriteTextAsync(Lake, path, "text"));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.ReadAllTextAsync(Lake, path));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.ExistsAsync(Lake, path));
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.DownloadToFileAsync(Lake, path, localFile));
        Assert.Empty(await ListPathsAsync(Lake, string.Empty));
    }

    [Fact]
    public async Task Unknown_container_is_rejected()
    {
        var exception = await Assert.ThrowsAsync<InvalidBlobPathException>(() => Store.WriteTextAsync("Lake", "a.txt", "x"));

        Assert.Contains("'Lake'", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidBlobPathException>(() => ListPathsAsync("staging", string.Empty));
    }

    [Fact]
    public async Task Ensure_containers_is_idempotent_and_keeps_existing_blobs()
    {
        await Store.WriteTextAsync(Lake, "kept.txt", "still here");

        await Store.EnsureContainersAsync();
        await Store.EnsureContainersAsync();

        Assert.Equal("still here", await Store.ReadAllTextAsync(Lake, "kept.txt"));
    }

    [Fact]
    public async Task Concurrent_reader_during_a_large_overwrite_sees_the_whole_old_or_the_whole_new_content()
    {
        byte[][] versions = [Bytes(5 * 1024 * 1024, seed: 7), Bytes((6 * 1024 * 1024) + 1, seed: 8)];
        await Store.WriteAsync(Lake, "big/contended.bin", new MemoryStream(versions[0]));
        using var stop = new CancellationTokenSource();
        var writes = 0;

        // Overwrite back to back, alternating the two versions, for as long as the reads below go on.
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                writes++;
                await Store.WriteAsync(Lake, "big/contended.bin", new MemoryStream(versions[writes % 2]));
            }
        });
        try
        {
            for (var read = 0; read < 10; read++)
            {
                var seen = await ReadAllBytesAsync(Lake, "big/contended.bin");
                var version = Array.FindIndex(versions, version => version.AsSpan().SequenceEqual(seen));
                Assert.True(version >= 0, $"Read {read} returned {seen.Length} bytes matching neither the old nor the new content.");
            }
        }
        finally
        {
            // Also on failure: the writer must be finished before the store is removed.
            await stop.CancelAsync();
            await writer;
        }

        Assert.True(writes >= 2, $"Only {writes} overwrites ran during the reads; the test proved little.");
    }

    private async Task<byte[]> ReadAllBytesAsync(string container, string path)
    {
        await using var stream = await Store.OpenReadAsync(container, path);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private async Task<List<string>> ListPathsAsync(string container, string prefix)
    {
        var paths = new List<string>();
        await foreach (var entry in Store.ListAsync(container, prefix))
        {
            paths.Add(entry.Path);
        }

        return paths;
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
