namespace Scorecard.Pipeline.Tests;

/// <summary>
/// A section of a markdown file generated from code (contracts, the KPI registry, the hostile-input corpus), between
/// a begin and an end marker. <see cref="AssertCurrent"/> fails when the section differs from what the code gives;
/// run the test with <c>UPDATE_README=1</c> to rewrite the section instead.
/// </summary>
internal static class GeneratedDocument
{
    public static void AssertCurrent(string relativePath, string beginMarker, string endMarker, string expected)
    {
        string path = RepositoryRoot.File(relativePath.Split('/'));
        string text = File.ReadAllText(path);
        int begin = text.IndexOf(beginMarker, StringComparison.Ordinal);
        int end = text.IndexOf(endMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{relativePath} lacks the markers {beginMarker} ... {endMarker}");
        int from = begin + beginMarker.Length;
        string actual = text[from..end];

        if (actual != expected && Environment.GetEnvironmentVariable("UPDATE_README") == "1")
        {
            File.WriteAllText(path, text[..from] + expected + text[end..]);
            return;
        }

        Assert.Equal(expected, actual);
    }
}
