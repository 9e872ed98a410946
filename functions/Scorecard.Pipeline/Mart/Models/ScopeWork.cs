namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The scope steps a model still needs before it runs (an incremental build's planner fills them in the model's
/// <c>beforeModel</c>): the parts of the scope they fill and the models they read. With <see cref="Reads"/> known, the
/// steps may run beside models that are none of those (the contact scope beside the workforce models); without, they
/// run alone, after every model before theirs in the build's order (<see cref="ModelRunner"/>).
/// </summary>
/// <param name="Fills">The scope parts the steps fill: a model needing one of them waits until they are filled.</param>
/// <param name="Reads">The relations the steps read, or null when they may read any model built before.</param>
internal sealed record ScopeWork(IReadOnlySet<string> Fills, IReadOnlySet<string>? Reads)
{
    /// <summary>Steps that may read anything built before them: they run alone.</summary>
    public static ScopeWork Alone { get; } = new(new HashSet<string>(), null);

    /// <summary>True when the steps run alone.</summary>
    public bool RunsAlone => Reads is null;
}
