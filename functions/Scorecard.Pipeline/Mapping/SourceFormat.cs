namespace Scorecard.Pipeline.Mapping;

/// <summary>How a source file is written.</summary>
public enum SourceFormat
{
    /// <summary>Delimited text with a header row (<c>csv</c>, or <c>tsv</c> for tab-separated).</summary>
    Delimited,

    /// <summary>JSON: one record per line, several records one after another, or one array of records.</summary>
    Json,
}
