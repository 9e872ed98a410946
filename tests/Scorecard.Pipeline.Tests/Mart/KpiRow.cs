namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>One fct_kpi row as a test reads it.</summary>
public sealed record KpiRow(double? Value, double? Numerator, double? Denominator, long? SampleSize);
