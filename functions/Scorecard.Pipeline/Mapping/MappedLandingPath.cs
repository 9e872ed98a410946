using System.Globalization;
using System.Text.RegularExpressions;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mapping;

/// <summary>
/// A real-world export in the landing container: <c>mapped/&lt;mapping&gt;/&lt;yyyy-mm-dd&gt;/&lt;file&gt;</c>. The mapping
/// named by the second segment turns it into contract rows; the date is the extract date of every dataset it feeds.
/// </summary>
public sealed partial record MappedLandingPath(string Mapping, DateOnly ExtractDate, string FileName, string Path)
{
    public const string Prefix = "mapped/";

    public const string Layout = "mapped/<mapping>/<yyyy-mm-dd>/<file>.(csv|tsv|txt|json|jsonl)[.gz]";

    public bool IsCompressed => FileName.EndsWith(".gz", StringComparison.Ordinal);

    public static bool Matches(string path) =>
        path.StartsWith(Prefix, StringComparison.Ordinal) || path.StartsWith("landing/" + Prefix, StringComparison.Ordinal);

    public static MappedLandingPath Parse(string path)
    {
        if (path.StartsWith("landing/", StringComparison.Ordinal))
        {
            path = path["landing/".Length..];
        }

        string shown = SpanParsers.Shorten(path);
        string[] parts = path.Split('/');
        if (path.Contains('\\') || path.Contains("..", StringComparison.Ordinal) || path.Any(char.IsControl)
            || parts.Length != 4 || parts[0] != "mapped")
        {
            throw new RejectedExtractException($"blob name '{shown}' does not match landing/{Layout}");
        }

        if (!DateOnly.TryParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            || date.Year is < 2000 or > 2099)
        {
            throw new RejectedExtractException($"blob name '{shown}': '{parts[2]}' is not an extract date yyyy-mm-dd");
        }

        if (!FileNamePattern().IsMatch(parts[3]))
        {
            throw new RejectedExtractException(
                $"blob name '{shown}': file name '{parts[3]}' must end in .csv, .tsv, .txt, .json or .jsonl (optionally .gz) and use only letters, digits, '.', '_' and '-'");
        }

        return new MappedLandingPath(parts[1], date, parts[3], path);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.(csv|tsv|txt|json|jsonl|ndjson)(\.gz)?$")]
    private static partial Regex FileNamePattern();
}
