using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Financial and handling measures: conversion, sales per 100, revenue per successful call, cost per call, AHT, calls handled.</summary>
public sealed class SalesAndCostKpiTests
{
    private const int Precision = 6;

    [Fact]
    public void Conversion_sales_per_100_and_revenue_per_successful_call_use_handled_contacts()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        // 4 handled contacts and one abandon; c1 has two sales (50 + 30), c2 one (20).
        bed.Write(ExtractContracts.Contacts, Answered("c1"), Answered("c2"), Answered("c3"), Answered("c4"), Abandoned("c5", 30));
        bed.Write(ExtractContracts.Sales, Sale("s1", "c1", 50m), Sale("s2", "c1", 30m), Sale("s3", "c2", 20m));

        bed.Build();

        // 2 handled contacts with a sale / 4 handled.
        Assert.Equal(50.0, bed.Value("conversion_rate")!.Value, Precision);
        // 3 sales / 4 handled x 100.
        Assert.Equal(75.0, bed.Value("sales_per_100_calls")!.Value, Precision);
        // Revenue 100 / 2 handled contacts with a sale.
        Assert.Equal(50.0, bed.Value("revenue_per_successful_call")!.Value, Precision);
    }

    [Fact]
    public void Cost_per_call_is_paid_labour_cost_over_handled_contacts()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1", hourlyCost: 30m), Agent("a2", hourlyCost: 20m));
        bed.Write(ExtractContracts.Contacts,
            Answered("c1", agent: "a1"), Answered("c2", agent: "a1"), Answered("c3", agent: "a1"), Answered("c4", agent: "a2"));
        // a1: 8 paid hours x 30 = 240; a2: 4 paid hours x 20 = 80.
        bed.Write(ExtractContracts.Shifts, Shift("a1", "2026-10-01", paidSeconds: 8 * 3600), Shift("a2", "2026-10-01", paidSeconds: 4 * 3600));

        bed.Build();

        // (240 + 80) / 4 handled.
        Assert.Equal(80.0, bed.Value("cost_per_call")!.Value, Precision);
        Assert.Equal(80.0, bed.Value("cost_per_call", level: "agent", member: "a1")!.Value, Precision);
        Assert.Equal(80.0, bed.Value("cost_per_call", level: "agent", member: "a2")!.Value, Precision);
        Assert.Equal(80.0, bed.Value("cost_per_call", level: "team", member: "t1")!.Value, Precision);
    }

    [Fact]
    public void Money_kpis_carry_the_mart_currency_and_no_other_kpi_does()
    {
        using var bed = new MartTestBed();
        var agent = Agent("a1");
        agent["currency"] = "CHF";
        var sale = Sale("s1", "c1", 50m);
        sale["currency"] = "CHF";
        bed.Write(ExtractContracts.Agents, agent);
        bed.Write(ExtractContracts.Contacts, Answered("c1"));
        bed.Write(ExtractContracts.Sales, sale);

        bed.Build(o => o.Currency = "CHF");

        var currencies = bed.Query(
            "select kpi_id, currency from scorecard.dim_kpi where unit = 'currency' or kpi_id = 'conversion_rate' order by kpi_id",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        Assert.Equal([("conversion_rate", (string?)null), ("cost_per_call", "CHF"), ("revenue_per_successful_call", "CHF")], currencies);
    }

    [Fact]
    public void A_sale_in_another_currency_than_the_mart_currency_fails_the_build_naming_the_sale()
    {
        using var bed = new MartTestBed();
        var sale = Sale("s-usd", "c1", 50m);
        sale["currency"] = "USD";
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"));
        bed.Write(ExtractContracts.Sales, Sale("s-eur", "c1", 20m), sale);

        var error = Assert.Throws<DataTestsFailedException>(() => bed.Build());

        Assert.Contains("assert_money_is_in_the_mart_currency", error.Message);
        Assert.Contains("s-usd", error.Message);
        Assert.DoesNotContain("s-eur", error.Message);
    }

    [Theory]
    [InlineData("euro")]
    [InlineData("EU")]
    [InlineData("")]
    public void A_currency_setting_that_is_not_an_ISO_4217_code_is_refused_by_name(string currency)
    {
        var options = new MartOptions { Currency = currency };

        var error = Assert.Throws<ArgumentException>(options.ValidateSettings);

        Assert.Contains("Mart:Currency", error.Message);
        Assert.Contains($"'{currency}'", error.Message);
    }

    [Fact]
    public void Cost_per_call_with_paid_time_but_no_handled_contacts_is_null_not_a_division_error()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Shifts, Shift("a1", "2026-10-01"));

        bed.Build();

        var row = bed.Kpi("cost_per_call");
        Assert.Equal(240.0, row!.Numerator);
        Assert.Null(row.Value);
    }

    [Fact]
    public void Aht_is_talk_hold_and_acw_over_handled_contacts_and_abandons_do_not_count()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts,
            Answered("c1", talkSeconds: 100, holdSeconds: 20, acwSeconds: 30),
            Answered("c2", talkSeconds: 200, holdSeconds: 0, acwSeconds: 50),
            Abandoned("c3", 40));

        bed.Build();

        // (150 + 250) / 2.
        Assert.Equal(200.0, bed.Value("average_handle_time")!.Value, Precision);
        Assert.Equal(2.0, bed.Value("calls_handled")!.Value, Precision);
    }

    [Fact]
    public void Transferred_contacts_count_as_answered_and_handled()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"), Answered("c2", outcome: "transferred"), Abandoned("c3", 40));

        bed.Build();

        Assert.Equal(2.0, bed.Value("calls_handled")!.Value, Precision);
        Assert.Equal(100.0 * 1 / 3, bed.Value("abandon_rate")!.Value, Precision);
    }

    [Fact]
    public void Team_month_conversion_is_summed_from_parts_not_an_average_of_agent_days()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"), Agent("a2"));
        // Day 1: a1 converts 1 of 1 (100 %). Day 2: a2 converts 0 of 3 (0 %).
        bed.Write(ExtractContracts.Contacts,
            Answered("c1", agent: "a1"),
            Answered("c2", agent: "a2", offeredAt: Morning.AddDays(1)),
            Answered("c3", agent: "a2", offeredAt: Morning.AddDays(1)),
            Answered("c4", agent: "a2", offeredAt: Morning.AddDays(1)));
        bed.Write(ExtractContracts.Sales, Sale("s1", "c1", 10m));

        bed.Build();

        Assert.Equal(100.0, bed.Value("conversion_rate", level: "team", member: "t1")!.Value, Precision);
        Assert.Equal(0.0, bed.Value("conversion_rate", periodStart: "2026-10-02", level: "team", member: "t1")!.Value, Precision);
        // 1 / 4, not (100 + 0) / 2.
        var month = bed.Kpi("conversion_rate", grain: "month", level: "team", member: "t1");
        Assert.Equal(25.0, month!.Value!.Value, Precision);
        Assert.Equal(1.0, month.Numerator);
        Assert.Equal(4.0, month.Denominator);
    }
}
