using System.Text;
using Scorecard.SampleData;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>
/// Small generated extracts in a store (a local folder, or Azurite), and corrected versions of them: a corrected extract is a new
/// file in the same dataset and date without the original's last row and with its first row repeated (a duplicate
/// key, so the correction also quarantines a row). Tracks which landing file is the current one per partition.
/// </summary>
public sealed class LandingSet
{
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);

    private LandingSet(IBlobStore store, IReadOnlyList<GeneratedFile> files)
    {
        Store = store;
        Files = files;
        foreach (GeneratedFile file in files)
        {
            _current[LandingPath.Parse(file.Path).Partition] = file.Path;
        }
    }

    public IBlobStore Store { get; }

    /// <summary>A local store's folder, where the invariants are checked (for an Azure store, check a <see cref="StoreSnapshot"/>).</summary>
    public string Root => Store is LocalFolderStore local ? local.Root : throw new InvalidOperationException($"{Store.Location} has no folder; check a copy.");

    public IReadOnlyList<GeneratedFile> Files { get; }

    /// <summary>The landing file each partition's extract must come from once everything is ingested.</summary>
    public IReadOnlyCollection<string> Current => _current.Values;

    public static Task<LandingSet> GenerateAsync(string root, int days, int agents = 5, int contactsPerDay = 30) =>
        GenerateAsync(new LocalFolderStore(root), days, agents, contactsPerDay);

    public static async Task<LandingSet> GenerateAsync(IBlobStore store, int days, int agents = 5, int contactsPerDay = 30)
    {
        await store.EnsureContainersAsync();
        GenerateResult generated = await new SampleDataGenerator().GenerateAsync(store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = days, Agents = agents, ContactsPerDay = contactsPerDay, Seed = 7,
        });
        return new LandingSet(store, generated.Files);
    }

    /// <summary>Lands a corrected version of every file of <paramref name="date"/> that has rows; returns their paths.</summary>
    public async Task<List<string>> LandCorrectionsAsync(DateOnly date)
    {
        var corrected = new List<string>();
        foreach (GeneratedFile file in Files.Where(f => f.Date == date))
        {
            if (await LandCorrectionAsync(Store, file.Path) is not { } path)
            {
                continue;
            }

            _current[LandingPath.Parse(path).Partition] = path;
            corrected.Add(path);
        }

        return corrected;
    }

    /// <summary>
    /// Lands, in any store, the corrected version of landing file <paramref name="path"/> as <c>&lt;name&gt;-corrected.csv</c>:
    /// without its last row and with its first row repeated. Returns its path, or null when the file has no rows.
    /// </summary>
    public static async Task<string?> LandCorrectionAsync(IBlobStore store, string path)
    {
        string[] lines = (await store.ReadAllTextAsync(StoreContainers.Landing, path)).Split('\n').Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2)
        {
            return null;
        }

        List<string> rows = [.. lines.Skip(1)];
        if (rows.Count > 1)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        rows.Add(rows[0]);
        string corrected = path[..^".csv".Length] + "-corrected.csv";
        string text = string.Join('\n', [lines[0], .. rows]) + "\n";
        await store.WriteAsync(StoreContainers.Landing, corrected, new MemoryStream(Encoding.UTF8.GetBytes(text)));
        return corrected;
    }

    /// <summary>Ingests, in this process, the generated files of one day.</summary>
    public async Task IngestDayAsync(DateOnly date)
    {
        var ingestor = new ExtractIngestor(Store, new IngestOptions());
        foreach (GeneratedFile file in Files.Where(f => f.Date == date))
        {
            IngestResult result = await ingestor.IngestAsync(file.Path);
            Assert.Equal(IngestStatus.Ingested, result.Status);
        }
    }

    /// <summary>Checked in <paramref name="root"/> (default <see cref="Root"/>), e.g. a copy of an Azure store.</summary>
    public void AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(string? root = null) =>
        StoreInvariants.AssertEveryInputRowIsInTheLakeOrQuarantineExactlyOnce(root ?? Root, Current);

    /// <summary>What must hold at any moment, right after a crash too; checked in <paramref name="root"/> (default <see cref="Root"/>).</summary>
    public void AssertNothingPartialIsVisible(string? root = null)
    {
        StoreInvariants.AssertEveryParquetFileReadsWhole(root ?? Root);
        StoreInvariants.AssertEveryStateDocumentParses(root ?? Root);
        StoreInvariants.AssertNoTemporaryNames(root ?? Root, includingMart: false);
    }
}
