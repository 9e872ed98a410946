using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class KpiDocumentationTests
{
    private const string Begin = "<!-- kpis:begin (generated from sql/kpis.yml; do not edit by hand) -->";
    private const string End = "<!-- kpis:end -->";

    /// <summary>Run with UPDATE_README=1 to rewrite the README's KPI section after changing the registry.</summary>
    [Fact]
    public void Readme_kpi_definitions_match_the_registry()
    {
        string readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        int begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        int end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md lacks the KPI markers");
        string expected = "\n\n" + KpiRegistryMarkdown.Render(KpiRegistry.Load(RepositoryRoot.File("sql", "kpis.yml"))).TrimEnd() + "\n\n";
        string actual = readme[(begin + Begin.Length)..end];

        if (actual != expected && Environment.GetEnvironmentVariable("UPDATE_README") == "1")
        {
            File.WriteAllText(RepositoryRoot.File("README.md"), readme[..(begin + Begin.Length)] + expected + readme[end..]);
            return;
        }

        Assert.Equal(expected, actual);
    }
}
