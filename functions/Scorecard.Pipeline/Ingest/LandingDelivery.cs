using Scorecard.Pipeline.Mapping;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// What a landing blob's name says: where it is, whether it is gzip, the source mapping that reads it (null for a
/// contract extract) and the datasets, with their extract date, it feeds: one for a contract extract, one per
/// output of the mapping for a mapped export. Ingest treats both alike from here on.
/// </summary>
internal sealed record LandingDelivery(string Path, bool IsCompressed, SourceMapping? Mapping, IReadOnlyList<LandingPath> Datasets)
{
    public static LandingDelivery Contract(LandingPath path) => new(path.Path, path.IsCompressed, null, [path]);

    public static LandingDelivery Mapped(MappedLandingPath path, SourceMapping mapping) =>
        new(path.Path, path.IsCompressed, mapping,
            [.. mapping.Outputs.Select(o => new LandingPath(o.Contract, path.ExtractDate, path.FileName, path.Path))]);
}
