using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

public sealed class KeySetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Increasing_keys_are_all_new_and_a_repeat_after_them_is_found_in_the_spilled_part()
    {
        using var keys = new KeySet(_folder.File("keys.bin"));
        string[] ids = Enumerable.Range(0, 50_000).Select(i => $"C{i:D7}").ToArray();

        bool allNew = ids.All(id => keys.Add(id, KeySet.Hash(id)));
        bool repeatOfFirst = keys.Add(ids[0], KeySet.Hash(ids[0]));
        bool repeatOfLast = keys.Add(ids[^1], KeySet.Hash(ids[^1]));
        bool unseen = keys.Add("B0000001", KeySet.Hash("B0000001"));

        Assert.True(allNew);
        Assert.False(repeatOfFirst);
        Assert.False(repeatOfLast);
        Assert.True(unseen);
    }

    [Fact]
    public void Unordered_keys_find_every_repeat_exactly_once()
    {
        using var keys = new KeySet(_folder.File("keys.bin"));
        var random = new Random(7);
        int[] values = Enumerable.Range(0, 30_000).Select(_ => random.Next(20_000)).ToArray();

        int repeats = values.Count(v => !keys.Add(v.ToString(), KeySet.Hash(v.ToString())));

        Assert.Equal(values.Length - values.Distinct().Count(), repeats);
    }
}
