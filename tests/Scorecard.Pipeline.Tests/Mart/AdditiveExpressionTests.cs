using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>
/// KPIs whose formulas are sums and differences of sums and counts are computed by day and rolled up to weeks and
/// months; anything else (distinct counts, quotients, the period columns) is computed per period from the base rows.
/// </summary>
public sealed class AdditiveExpressionTests
{
    [Theory]
    [InlineData("count(*)", 1)]
    [InlineData("sum(revenue_amount) filter (where is_handled and has_sale)", 1)]
    [InlineData("count(*) filter (where nps_score >= 9) - count(*) filter (where nps_score <= 6)", 2)]
    [InlineData("count(*) filter (where channel in ('chat)', 'email(')) + (sum(a) - count(b))", 3)]
    public void Sums_and_differences_of_sums_and_counts_split_into_their_aggregates(string expression, int terms)
    {
        AdditiveExpression parsed = Assert.IsType<AdditiveExpression>(AdditiveExpression.TryParse(expression));
        Assert.Equal(terms, parsed.Terms.Count);
        Assert.Equal(expression, parsed.Compose(k => parsed.Terms[k]));
    }

    [Theory]
    [InlineData("count(distinct agent_id)")]
    [InlineData("sum(a) / count(*)")]
    [InlineData("sum(a) * 2")]
    [InlineData("count(*) filter (where activity_date = period_start)")]
    [InlineData("avg(wait_seconds)")]
    [InlineData("sum(a")]
    [InlineData("count(*) filter (where name = 'unterminated)")]
    public void Anything_else_is_not_rolled_up(string expression) =>
        Assert.Null(AdditiveExpression.TryParse(expression));

    [Fact]
    public void Every_contact_kpi_of_the_registry_is_rolled_up_and_the_headcount_kpis_are_not()
    {
        KpiRegistry registry = KpiRegistry.Load(Path.Combine(RepositoryRoot.Sql, "kpis.yml"));
        Assert.All(registry.Kpis.Where(k => k.Source == "contacts"), k => Assert.True(KpiSqlGenerator.IsAdditive(k), k.Id));
        Assert.False(KpiSqlGenerator.IsAdditive(registry.Kpis.Single(k => k.Id == "agent_retention")));
        Assert.False(KpiSqlGenerator.IsAdditive(registry.Kpis.Single(k => k.Id == "agent_attrition")));
    }
}
