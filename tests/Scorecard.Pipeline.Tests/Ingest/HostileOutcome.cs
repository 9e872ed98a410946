namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>
/// What ingesting a hostile input must do: reject the file whole with a reason containing <see cref="Reason"/>, or
/// ingest it with <see cref="Written"/> rows to the lake and the <see cref="Quarantined"/> rows in quarantine, each
/// with its row, column and reason.
/// </summary>
public sealed record HostileOutcome(string? Reason, long Written, IReadOnlyList<QuarantinedRow> Quarantined)
{
    public bool Rejected => Reason is not null;

    public static HostileOutcome RejectedWhole(string reason) => new(reason, 0, []);

    public static HostileOutcome Ingested(long written, params QuarantinedRow[] quarantined) => new(null, written, quarantined);

    /// <summary>The outcome as one line of the README's table.</summary>
    public string Describe()
    {
        if (Reason is not null)
        {
            return $"rejected whole: \"{Reason}\"";
        }

        string rows = $"ingested: {Written} row{(Written == 1 ? "" : "s")} to the lake";
        return Quarantined.Count == 0
            ? rows
            : $"{rows}, {string.Join("; ", Quarantined.Select(q => q.Describe()))}";
    }
}
