using Scorecard.SampleData;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.SampleData;

/// <summary>A generator run into a temporary store, with its files parsed per dataset and day.</summary>
internal sealed class GeneratedSample : IDisposable
{
    private readonly TempFolderBlobStore _store;

    private GeneratedSample(TempFolderBlobStore store, GeneratorOptions options, GenerateResult result)
    {
        _store = store;
        Options = options;
        Result = result;
    }

    public GeneratorOptions Options { get; }

    public GenerateResult Result { get; }

    public static GeneratorOptions Small(int seed = 42) =>
        new() { StartDate = new DateOnly(2026, 10, 1), Days = 5, Agents = 20, ContactsPerDay = 300, Seed = seed };

    public static async Task<GeneratedSample> CreateAsync(GeneratorOptions options)
    {
        var store = new TempFolderBlobStore();
        GenerateResult result = await new SampleDataGenerator().GenerateAsync(store.Store, options);
        return new GeneratedSample(store, options, result);
    }

    public string FullPath(GeneratedFile file) => _store.FullPath(file.Container, file.Path);

    public string FullPath(DatasetContract contract, DateOnly date) =>
        _store.FullPath(StoreContainers.Landing, SampleDataGenerator.BlobPathFor(contract, date, Options.Compress));

    /// <summary>Data rows (header dropped) of one dataset and day.</summary>
    public List<string[]> Rows(DatasetContract contract, DateOnly date) => [.. CsvTestReader.ReadAll(FullPath(contract, date)).Skip(1)];

    /// <summary>Data rows of one dataset over every day, as column-name lookups.</summary>
    public IEnumerable<Func<string, string>> AllRows(DatasetContract contract)
    {
        for (int day = 0; day < Options.Days; day++)
        {
            foreach (string[] row in Rows(contract, Options.StartDate.AddDays(day)))
            {
                yield return column => row[contract.IndexOf(column)];
            }
        }
    }

    public void Dispose() => _store.Dispose();
}
