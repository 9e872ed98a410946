namespace Scorecard.Pipeline.Exports;

/// <summary>The export formats; the file extension is the lowercase name.</summary>
public enum ExportFormat
{
    Html,
    Csv,
    Json,
    Xlsx,
}
