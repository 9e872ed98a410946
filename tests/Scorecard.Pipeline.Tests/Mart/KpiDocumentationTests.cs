using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class KpiDocumentationTests
{
    private const string Begin = "<!-- kpis:begin (generated from sql/kpis.yml; do not edit by hand) -->";
    private const string End = "<!-- kpis:end -->";

    /// <summary>Run with UPDATE_README=1 to rewrite sql/kpis.md after changing the registry.</summary>
    [Fact]
    public void Kpi_definitions_beside_the_registry_match_the_registry() =>
        GeneratedDocument.AssertCurrent("sql/kpis.md", Begin, End,
            "\n\n" + KpiRegistryMarkdown.Render(KpiRegistry.Load(RepositoryRoot.File("sql", "kpis.yml"))).TrimEnd() + "\n\n");
}
