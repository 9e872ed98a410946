using System.Diagnostics;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// One try at turning a landing blob into one dataset's extract: everything its audit record, its landing marker and
/// its result are made of. A contract extract is one attempt; a mapped export is one attempt per dataset it feeds
/// (<see cref="Mapped"/> set); a blob whose name is rejected is an attempt without a <see cref="Dataset"/>.
/// </summary>
internal sealed record IngestAttempt(string LandingPath, LandingPath? Dataset, BlobEntry? Blob, string ExtractId, DateTimeOffset Started, Stopwatch Clock)
{
    /// <summary>Set for an attempt that is one dataset of a mapped export.</summary>
    public MappedAudit? Mapped { get; init; }

    /// <summary>The landing marker this attempt writes when it ends; null when the blob feeds several datasets and the
    /// caller writes the marker once all of them are done.</summary>
    public string? MarkerPath { get; init; }

    /// <summary>The dataset and date this attempt writes (every attempt but a rejected blob name has one).</summary>
    public LandingPath Target => Dataset ?? throw new InvalidOperationException($"'{LandingPath}' has no dataset: its name was rejected");

    public string AuditPath => Dataset is null
        ? $"audit/_invalid-names/{ExtractId}.json"
        : $"audit/{Dataset.Contract.Source}/{Dataset.Contract.Name}/{Dataset.DateText}/{ExtractId}.json";

    /// <summary>The audit record of this attempt, with what every outcome shares; an ingest adds its counts.</summary>
    public AuditRecord Audit(IngestStatus status, string? reason = null) => new()
    {
        ExtractId = ExtractId,
        Status = status,
        Dataset = Dataset?.Contract.Id,
        ExtractDate = Dataset?.DateText,
        LandingPath = LandingPath,
        LandingVersion = Blob?.Version,
        Bytes = Blob?.Size ?? 0,
        Reason = reason,
        StartedAt = Started,
        DurationMs = Clock.ElapsedMilliseconds,
        Mapping = Mapped?.Mapping,
    };
}
