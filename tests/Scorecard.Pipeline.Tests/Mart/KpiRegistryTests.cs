using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class KpiRegistryTests
{
    private static readonly string[] IssueMeasures =
    [
        "revenue_per_successful_call", "cost_per_call", "conversion_rate", "sales_per_100_calls", "average_handle_time",
        "first_contact_resolution", "customer_satisfaction", "customer_satisfaction_mean", "net_promoter_score",
        "first_response_time", "average_speed_of_answer", "average_wait_time", "abandon_rate", "service_level",
        "service_level_answered_only", "service_level_excluding_short_abandons",
        "service_level_abandons_within_threshold_met", "calls_handled", "problems_solved", "complaints",
        "employee_satisfaction", "agent_retention", "agent_attrition", "training_hours_per_agent", "occupancy",
    ];

    [Fact]
    public void The_repository_registry_defines_every_measure_of_the_issue()
    {
        var registry = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));

        Assert.Empty(IssueMeasures.Except(registry.Kpis.Select(k => k.Id)));
        Assert.Equal(4, registry.Perspectives.Count);
        Assert.All(registry.Kpis, k => Assert.True(k.Version >= 1));
        Assert.All(registry.Links, l => Assert.NotEqual(l.CauseKpiId, l.EffectKpiId));
    }

    [Fact]
    public void A_missing_key_names_the_file_the_kpi_and_the_key()
    {
        using var directory = new TempFolder();
        string path = directory.File("kpis.yml");
        File.WriteAllText(path, Registry("""
              - id: calls
                label: Calls
                perspective: internal_process
                definition: Calls.
                type: simple
                source: contacts
                numerator: count(*)
                direction: higher
                grains: {periods: [day], levels: [centre]}
                version: 1
            """));

        var error = Assert.Throws<MartDefinitionException>(() => KpiRegistry.Load(path));

        Assert.Contains("kpis.yml", error.Message);
        Assert.Contains("KPI 'calls'", error.Message);
        Assert.Contains("'unit'", error.Message);
    }

    [Theory]
    [InlineData("perspective: money", "'perspective'")]
    [InlineData("direction: sideways", "'direction'")]
    [InlineData("denominator: count(*)", "'denominator'")]
    public void An_invalid_value_names_the_kpi_and_the_key(string line, string key)
    {
        using var directory = new TempFolder();
        string path = directory.File("kpis.yml");
        string kpi = """
              - id: calls
                label: Calls
                perspective: internal_process
                definition: Calls.
                type: simple
                source: contacts
                numerator: count(*)
                unit: count
                direction: higher
                grains: {periods: [day], levels: [centre]}
                version: 1
            """;
        string name = line.Split(':')[0];
        kpi = kpi.Contains($"    {name}:")
            ? string.Join('\n', kpi.Split('\n').Select(l => l.TrimStart().StartsWith(name + ":", StringComparison.Ordinal) ? "    " + line : l))
            : kpi + "\n    " + line;
        File.WriteAllText(path, Registry(kpi));

        var error = Assert.Throws<MartDefinitionException>(() => KpiRegistry.Load(path));

        Assert.Contains("KPI 'calls'", error.Message);
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void A_level_the_source_cannot_resolve_is_rejected()
    {
        using var directory = new TempFolder();
        string path = directory.File("kpis.yml");
        File.WriteAllText(path, Registry("""
              - id: calls
                label: Calls
                perspective: internal_process
                definition: Calls.
                type: simple
                source: contacts
                numerator: count(*)
                unit: count
                direction: higher
                grains: {periods: [day], levels: [centre, queue]}
                version: 1
            """));

        var error = Assert.Throws<MartDefinitionException>(() => KpiRegistry.Load(path));

        Assert.Contains("level 'queue'", error.Message);
    }

    [Fact]
    public void The_definition_hash_changes_with_the_formula()
    {
        var registry = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));
        var serviceLevel = registry.Kpis.Single(k => k.Id == "service_level");

        var edited = serviceLevel with { Denominator = serviceLevel.Denominator + " + 0" };

        Assert.NotEqual(serviceLevel.DefinitionHash, edited.DefinitionHash);
        Assert.Equal(12, serviceLevel.DefinitionHash.Length);
    }

    private static string Registry(string kpis) => $"""
        perspectives:
          - {"{"}id: internal_process, label: Process, weight: 1{"}"}
        sources:
          contacts:
            relation: marts.fct_contact
            date: contact_date
            levels: {"{"}agent: agent_id{"}"}
        kpis:
        {kpis}
        """;

    [Fact]
    public void The_kpi_table_lists_every_kpi_under_its_perspective()
    {
        var registry = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));

        string table = KpiRegistryMarkdown.Render(registry);

        Assert.All(registry.Kpis, k => Assert.Contains($"`{k.Id}`", table));
        Assert.Contains("### Learning and growth", table);
        Assert.Contains("| Service level | `service_level` |", table);
    }
}
