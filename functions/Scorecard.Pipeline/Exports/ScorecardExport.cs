using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Everything an export shows for one period and level, read from the mart by <see cref="ScorecardExportReader"/>:
/// the KPIs and perspectives of the registry, each member's scorecard, the centre's (for the strategy map and the
/// service-level variants), the strategy-map links and the data-quality footer.
/// </summary>
public sealed record ScorecardExport
{
    public required ExportPeriod Period { get; init; }

    public required string Level { get; init; }

    /// <summary>The periods of the trend lines, oldest first, ending with <see cref="Period"/>.</summary>
    public required IReadOnlyList<ExportPeriod> TrendPeriods { get; init; }

    public required IReadOnlyList<KpiPerspective> Perspectives { get; init; }

    /// <summary>In scorecard order: perspective, then weight (highest first), then id.</summary>
    public required IReadOnlyList<ExportedKpi> Kpis { get; init; }

    public required IReadOnlyList<ExportedMember> Members { get; init; }

    /// <summary>The centre's scorecard for the period (the only member when <see cref="Level"/> is centre); null without data.</summary>
    public ExportedMember? Centre { get; init; }

    public required IReadOnlyList<ExportedLink> Links { get; init; }

    public required DataQualitySummary DataQuality { get; init; }

    /// <summary>Service level and staffing by queue and interval on the period's busiest day (centre and queue levels; null
    /// without interval data).</summary>
    public IntradayView? Intraday { get; init; }

    /// <summary>When the mart was built (null when unknown).</summary>
    public DateTimeOffset? BuiltAt { get; init; }

    /// <summary>Every member's rows: the CSV and JSON content.</summary>
    public IEnumerable<ScorecardExportRow> Rows => Members.SelectMany(m => m.Rows);

    public ExportedKpi? Kpi(string kpiId) => Kpis.FirstOrDefault(k => k.KpiId == kpiId);

    /// <summary>The ISO 4217 currency of the mart's money KPIs (null when the mart has none, or predates the setting).</summary>
    public string? Currency => Kpis.Select(k => k.Currency).FirstOrDefault(c => c is not null);
}
