namespace Scorecard.Pipeline.Mart;

/// <summary>A balanced-scorecard perspective and its weight in the overall score.</summary>
public sealed record KpiPerspective(string Id, string Label, decimal Weight);
