namespace Scorecard.Pipeline.Exports;

/// <summary>
/// The intraday view of one day: service level and the staffing gap of every queue in every interval of the centre's
/// local day, with the service_level KPI's target and thresholds to colour them. Read by <see cref="IntradayViewReader"/>.
/// </summary>
public sealed record IntradayView
{
    public required DateOnly Day { get; init; }

    public required string TimeZone { get; init; }

    public required int IntervalMinutes { get; init; }

    /// <summary>Target of the service_level KPI, %.</summary>
    public required double ServiceLevelTarget { get; init; }

    /// <summary>Below this the service level is red (the KPI's red threshold), %.</summary>
    public required double ServiceLevelRed { get; init; }

    public required double Shrinkage { get; init; }

    public required IReadOnlyList<string> Queues { get; init; }

    /// <summary>Local interval starts from the day's first to its last interval with traffic or staff.</summary>
    public required IReadOnlyList<TimeOnly> Intervals { get; init; }

    public required IReadOnlyList<IntradayCell> Cells { get; init; }

    // Built on first use from the Cells it indexes (a `with` copy that replaces Cells rebuilds it).
    private (IReadOnlyList<IntradayCell> Of, Dictionary<(string, TimeOnly), IntradayCell> Index)? _cellIndex;

    public IntradayCell? Cell(string queueId, TimeOnly interval)
    {
        if (_cellIndex is not { } index || !ReferenceEquals(index.Of, Cells))
        {
            index = (Cells, Cells.GroupBy(c => (c.QueueId, c.IntervalStart)).ToDictionary(g => g.Key, g => g.First()));
            _cellIndex = index;
        }

        return index.Index.GetValueOrDefault((queueId, interval));
    }

    /// <summary>green (target met), amber (below target, not below the red threshold), red, or none (nothing offered).</summary>
    public string ServiceLevelStatus(IntradayCell? cell) => cell?.ServiceLevel switch
    {
        null => "none",
        var sl when sl >= ServiceLevelTarget => "green",
        var sl when sl >= ServiceLevelRed => "amber",
        _ => "red",
    };

    /// <summary>green (enough agents scheduled), amber (short by less than one), red (short by one or more), none (no schedule).</summary>
    public static string GapStatus(IntradayCell? cell) => cell?.StaffingGapAgents switch
    {
        null => "none",
        >= 0 => "green",
        > -1 => "amber",
        _ => "red",
    };
}
