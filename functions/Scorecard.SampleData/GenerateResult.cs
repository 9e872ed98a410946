namespace Scorecard.SampleData;

/// <summary>What a generator run wrote: every file, and data rows per dataset id (<c>telephony/contacts</c>, ...).</summary>
public sealed record GenerateResult(IReadOnlyList<GeneratedFile> Files, IReadOnlyDictionary<string, long> RowsByDataset)
{
    public long TotalRows => RowsByDataset.Values.Sum();
}
