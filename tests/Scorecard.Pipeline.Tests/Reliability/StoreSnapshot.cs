using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// What a store shows at one moment, downloaded to <c>&lt;root&gt;/&lt;container&gt;/&lt;path&gt;</c> (the layout of a local
/// store), so that <see cref="StoreInvariants"/>, which read files, can be checked on an Azure store too.
/// </summary>
public static class StoreSnapshot
{
    /// <summary>Copies every blob of <paramref name="containers"/> (default: all of them); returns <paramref name="root"/>.</summary>
    public static async Task<string> CopyAsync(IBlobStore store, string root, params string[] containers)
    {
        foreach (string container in containers.Length == 0 ? StoreContainers.All : containers)
        {
            Directory.CreateDirectory(Path.Combine(root, container));
            await foreach (BlobEntry blob in store.ListAsync(container))
            {
                await store.DownloadToFileAsync(container, blob.Path, Path.Combine(root, container, blob.Path));
            }
        }

        return root;
    }
}
