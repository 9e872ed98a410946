using System.Security.Cryptography;
using System.Text;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One KPI of the registry. <see cref="Numerator"/> and <see cref="Denominator"/> are DuckDB aggregate expressions
/// over the rows of <see cref="Source"/> in one period and member (they may use <c>period_start</c> and
/// <c>period_end</c>); the value is <c>numerator / denominator * scale</c>, or the numerator for a simple KPI.
/// </summary>
public sealed record KpiDefinition(
    string Id,
    string Label,
    string Perspective,
    string Definition,
    string Type,
    string Source,
    string Numerator,
    string? Denominator,
    string? Sample,
    decimal Scale,
    string Unit,
    string Direction,
    bool IsShare,
    decimal? Target,
    decimal? AmberThreshold,
    decimal? RedThreshold,
    IReadOnlyList<string> Periods,
    IReadOnlyList<string> Levels,
    decimal Weight,
    int MinSample,
    int Version)
{
    /// <summary>
    /// The first 12 hex digits of a SHA-256 over what computes the value, stored beside <see cref="Version"/> on
    /// every KPI row: a formula edited without a version bump still shows as a different definition.
    /// </summary>
    public string DefinitionHash
    {
        get
        {
            string text = string.Join('\u001f', Source, Numerator, Denominator ?? "", Scale.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        }
    }

    /// <summary>True when the value is a quotient (ratio and derived KPIs).</summary>
    public bool HasDenominator => Denominator is not null;
}
