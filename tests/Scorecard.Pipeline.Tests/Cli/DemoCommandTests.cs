namespace Scorecard.Pipeline.Tests.Cli;

/// <summary>What <c>scorecard demo</c> prints, read from one tiny run.</summary>
public sealed class DemoCommandTests(TinyDemo demo) : IClassFixture<TinyDemo>
{
    [Fact]
    public void The_demo_says_once_whether_its_build_was_full_or_incremental_and_why()
    {
        string[] lines = demo.Printed.Split('\n');

        var modeLines = lines.Where(l => l.Contains("full build", StringComparison.OrdinalIgnoreCase)
            || l.Contains("incremental build", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.True(demo.Result.ExitCode == 0, demo.Printed);
        // The first build of a store is a full one; the line gives the reason after the colon.
        Assert.StartsWith("Full build: ", Assert.Single(modeLines).Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_scorecard_shows_money_with_its_currency_and_scores_out_of_100()
    {
        string[] lines = demo.Result.Output.Split('\n');

        string cost = lines.Single(l => l.TrimStart().StartsWith("Cost per call ", StringComparison.Ordinal));
        string conversion = lines.Single(l => l.TrimStart().StartsWith("Conversion rate ", StringComparison.Ordinal));
        string header = lines.Single(l => l.StartsWith("Centre scorecard, ", StringComparison.Ordinal));

        Assert.True(demo.Result.ExitCode == 0, demo.Printed);
        Assert.Matches(@"target +6\.00 EUR", cost);
        Assert.DoesNotContain("EUR", conversion, StringComparison.Ordinal);
        // "(overall score N of 100):" with N within 0-100.
        string score = header[(header.IndexOf("overall score ", StringComparison.Ordinal) + "overall score ".Length)..].Split(' ')[0];
        Assert.InRange(double.Parse(score, System.Globalization.CultureInfo.InvariantCulture), 0, 100);
    }
}
