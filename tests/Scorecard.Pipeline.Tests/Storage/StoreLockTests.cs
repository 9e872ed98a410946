using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Storage;

public sealed class StoreLockTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_local_lock_is_exclusive_until_released()
    {
        var store = new LocalFolderStore(_folder.Path);
        await store.EnsureContainersAsync();

        await AssertExclusiveAsync(store);
    }

    [Fact]
    public async Task An_azure_lease_lock_is_exclusive_until_released()
    {
        var store = new AzureBlobStore(AzuriteEnvironment.RequireConnectionString(), $"l{Guid.NewGuid():N}"[..12] + "-");
        await store.EnsureContainersAsync();

        await AssertExclusiveAsync(store);
    }

    [Fact]
    public async Task Lock_names_are_validated()
    {
        var store = new LocalFolderStore(_folder.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.AcquireLockAsync("../evil", TimeSpan.Zero));
    }

    private static async Task AssertExclusiveAsync(IBlobStore store)
    {
        IAsyncDisposable first = await store.AcquireLockAsync("mart-build", TimeSpan.Zero);

        var blocked = await Assert.ThrowsAsync<StoreLockedException>(() => store.AcquireLockAsync("mart-build", TimeSpan.FromMilliseconds(600)));
        await using (await store.AcquireLockAsync("other-lock", TimeSpan.Zero))
        {
            // A different name is a different lock.
        }

        await first.DisposeAsync();
        await using IAsyncDisposable second = await store.AcquireLockAsync("mart-build", TimeSpan.FromSeconds(5));
        Assert.Contains("held by another process", blocked.Message);
    }
}
