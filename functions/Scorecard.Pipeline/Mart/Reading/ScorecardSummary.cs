namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The centre's scorecard for one period: per perspective its score and KPIs, and the overall score - what
/// <c>scorecard demo</c> prints. Read it with <see cref="ScorecardSummaryReader"/>.
/// </summary>
public sealed record ScorecardSummary(
    string PeriodGrain,
    DateOnly PeriodStart,
    double? OverallScore,
    IReadOnlyDictionary<string, double?> PerspectiveScores,
    IReadOnlyList<ScorecardLine> Lines);
