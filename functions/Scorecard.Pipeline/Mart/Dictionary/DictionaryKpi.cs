namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One KPI of the registry and how its value is built from rows: <paramref name="Formula"/> spells it out
/// (numerator and denominator summed over the rows of <paramref name="Relation"/> in the period and member, divided,
/// times the scale).
/// </summary>
public sealed record DictionaryKpi(
    string Id,
    string Label,
    string Perspective,
    string Definition,
    string Type,
    string Relation,
    string DateColumn,
    string Numerator,
    string? Denominator,
    decimal Scale,
    string Unit,
    string Formula);
