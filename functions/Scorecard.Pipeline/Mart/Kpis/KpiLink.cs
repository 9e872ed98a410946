namespace Scorecard.Pipeline.Mart;

/// <summary>A strategy-map edge: the hypothesis that <see cref="CauseKpiId"/> drives <see cref="EffectKpiId"/> with the expected sign (+1 or -1).</summary>
public sealed record KpiLink(string CauseKpiId, string EffectKpiId, int ExpectedSign, string Rationale);
