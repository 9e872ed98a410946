using System.Globalization;
using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// A parsed, validated extract name: <c>&lt;source&gt;/&lt;dataset&gt;/&lt;yyyy-mm-dd&gt;/&lt;file&gt;.csv[.gz]</c>
/// inside the <c>landing</c> container. Blob names are untrusted input: anything else is rejected with a reason.
/// </summary>
public sealed partial record LandingPath(DatasetContract Contract, DateOnly ExtractDate, string FileName, string Path)
{
    public const string Layout = "<source>/<dataset>/<yyyy-mm-dd>/<file>.csv (or .csv.gz)";

    public bool IsCompressed => FileName.EndsWith(".gz", StringComparison.Ordinal);

    public string DateText => ExtractDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The partition of this extract in the lake and quarantine: <c>source/dataset/extract_date=yyyy-mm-dd</c>.</summary>
    public string Partition => $"{Contract.Source}/{Contract.Name}/extract_date={DateText}";

    public static LandingPath Parse(string path)
    {
        if (path.StartsWith("landing/", StringComparison.Ordinal))
        {
            path = path["landing/".Length..];
        }

        string shown = SpanParsers.Shorten(path);
        if (path.Contains('\\') || path.Contains("..", StringComparison.Ordinal) || path.StartsWith('/')
            || path.Any(char.IsControl))
        {
            throw new RejectedExtractException($"blob name '{shown}' is not allowed: no '..', '\\', leading '/' or control characters");
        }

        string[] parts = path.Split('/');
        if (parts.Length != 4)
        {
            throw new RejectedExtractException($"blob name '{shown}' does not match landing/{Layout}");
        }

        DatasetContract contract = ExtractContracts.Find(parts[0], parts[1])
            ?? throw new RejectedExtractException(
                $"blob name '{shown}': no contract for '{parts[0]}/{parts[1]}' (known: {string.Join(", ", ExtractContracts.All.Select(c => c.Id))})");

        if (!DateOnly.TryParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            || date.Year is < 2000 or > 2099)
        {
            throw new RejectedExtractException($"blob name '{shown}': '{parts[2]}' is not an extract date yyyy-mm-dd");
        }

        if (!FileNamePattern().IsMatch(parts[3]))
        {
            throw new RejectedExtractException(
                $"blob name '{shown}': file name '{parts[3]}' must end in .csv or .csv.gz and use only letters, digits, '.', '_' and '-'");
        }

        return new LandingPath(contract, date, parts[3], path);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.csv(\.gz)?$")]
    private static partial Regex FileNamePattern();
}
