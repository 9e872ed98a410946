namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>A row a hostile input must put in quarantine: its number, the first bad column ("" for the row as a whole) and part of its reason.</summary>
public sealed record QuarantinedRow(long Row, string Column, string Reason)
{
    public string Describe() => Column.Length == 0
        ? $"row {Row} quarantined: \"{Reason}\""
        : $"row {Row} quarantined, column `{Column}`: \"{Reason}\"";
}
