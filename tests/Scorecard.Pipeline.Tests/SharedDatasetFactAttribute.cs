using Scorecard.Pipeline.Tests.Mapping;

namespace Scorecard.Pipeline.Tests;

/// <summary>A fact that ingests the real public files in <c>../shared/datasets</c>: skipped with the reason when they
/// are absent.</summary>
public sealed class SharedDatasetFactAttribute : FactAttribute
{
    public SharedDatasetFactAttribute()
    {
        Skip = SharedDatasets.SkipReason;
    }
}
