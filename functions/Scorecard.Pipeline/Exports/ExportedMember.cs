namespace Scorecard.Pipeline.Exports;

/// <summary>
/// One member's scorecard for the period (the centre, or one queue, team or agent): overall and perspective scores,
/// a row per KPI, and each KPI's values over the trend periods (oldest first, null where there is no value).
/// </summary>
public sealed record ExportedMember(
    string MemberId,
    double? OverallScore,
    IReadOnlyDictionary<string, double?> PerspectiveScores,
    IReadOnlyList<ScorecardExportRow> Rows,
    IReadOnlyDictionary<string, IReadOnlyList<double?>> Trends)
{
    public ScorecardExportRow? Row(string kpiId) => Rows.FirstOrDefault(r => r.KpiId == kpiId);
}
