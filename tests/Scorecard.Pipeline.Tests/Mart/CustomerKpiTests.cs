using Scorecard.Pipeline.Ingest;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Customer measures: FCR with and without the CRM flag, CSAT, NPS, complaints, problems solved.</summary>
public sealed class CustomerKpiTests
{
    private const int Precision = 6;

    /// <summary>
    /// Customer x calls on day 1 and again on day 3 (a repeat within 7 days); y calls once; z calls on day 1 and
    /// day 10 (outside the window). Day 1: x1 not resolved, y1 and z1 resolved.
    /// </summary>
    private static void WriteRepeatContacts(MartTestBed bed)
    {
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts,
            Answered("x1", customer: "x"),
            Answered("x2", customer: "x", offeredAt: Morning.AddDays(2)),
            Answered("y1", customer: "y"),
            Answered("z1", customer: "z"),
            Answered("z2", customer: "z", offeredAt: Morning.AddDays(9)),
            Answered("anonymous", customer: null));
    }

    [Fact]
    public void Fcr_without_a_flag_counts_a_repeat_contact_within_7_days_as_not_resolved()
    {
        using var bed = new MartTestBed();
        WriteRepeatContacts(bed);

        bed.Build();

        // Day 1: y1 and z1 resolved, x1 not; the anonymous contact is not eligible.
        var day = bed.Kpi("first_contact_resolution");
        Assert.Equal(2.0, day!.Numerator);
        Assert.Equal(3.0, day.Denominator);
        // Month: x2, y1 and z1 resolved of 4 eligible; z2 (day 10, the last contact) waits for its window.
        Assert.Equal(75.0, bed.Value("first_contact_resolution", grain: "month")!.Value, Precision);
    }

    [Fact]
    public void Fcr_without_a_flag_waits_until_the_window_has_passed_within_the_data()
    {
        using var bed = new MartTestBed();
        WriteRepeatContacts(bed);

        bed.Build();

        // z2 is the lake's last contact: nothing after it is known yet, so it is neither resolved nor not.
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact_resolution where contact_id = 'z2' and is_first_contact_resolved is null"));
        Assert.Null(bed.Kpi("first_contact_resolution", periodStart: "2026-10-10")!.Value);
    }

    [Fact]
    public void Fcr_uses_the_crm_flag_when_a_case_of_the_contact_carries_one()
    {
        using var bed = new MartTestBed();
        WriteRepeatContacts(bed);
        bed.Write(ExtractContracts.Cases,
            Case("case-x1", "x", contactId: "x1", resolvedFirstContact: true),
            Case("case-y1", "y", contactId: "y1", resolvedFirstContact: false),
            Case("case-z1", "z", contactId: "z1", resolvedFirstContact: null));

        bed.Build();

        // x1 resolved by its flag despite the repeat, y1 not resolved by its flag, z1 by no repeat: 2 of 3.
        var day = bed.Kpi("first_contact_resolution");
        Assert.Equal(2.0, day!.Numerator);
        Assert.Equal(3.0, day.Denominator);
        Assert.Equal(2L, bed.Count("select count(*) from marts.fct_contact_resolution where fcr_method = 'flag'"));
    }

    [Fact]
    public void Fcr_window_is_configurable()
    {
        using var bed = new MartTestBed();
        WriteRepeatContacts(bed);

        bed.Build(o => o.FcrWindowDays = 1);

        // x's repeat came after 2 days: outside a 1-day window, so day 1 is 3 of 3.
        Assert.Equal(100.0, bed.Value("first_contact_resolution")!.Value, Precision);
    }

    [Fact]
    public void Csat_is_the_top_two_box_share_and_its_mean_is_published_separately()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"));
        bed.Write(ExtractContracts.Surveys,
            Survey("s1", "c1", csat: 5), Survey("s2", "c1", csat: 4), Survey("s3", "c1", csat: 3), Survey("s4", "c1", csat: 2),
            Survey("s5", "c1", nps: 10));

        bed.Build();

        // 2 of 4 CSAT answers are 4-5; the NPS-only response is not a CSAT answer.
        Assert.Equal(50.0, bed.Value("customer_satisfaction")!.Value, Precision);
        Assert.Equal(3.5, bed.Value("customer_satisfaction_mean")!.Value, Precision);
    }

    [Theory]
    [InlineData(new[] { 7, 8, 7 }, 0.0)]
    [InlineData(new[] { 9, 10 }, 100.0)]
    [InlineData(new[] { 0, 6, 3 }, -100.0)]
    [InlineData(new[] { 10, 9, 9, 8, 2 }, 40.0)]
    public void Nps_is_promoters_minus_detractors_with_passives_in_the_denominator(int[] scores, double expected)
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"));
        bed.Write(ExtractContracts.Surveys, scores.Select((s, i) => (IReadOnlyDictionary<string, object?>)Survey($"s{i}", "c1", nps: s)).ToArray());

        bed.Build();

        Assert.Equal(expected, bed.Value("net_promoter_score")!.Value, Precision);
    }

    [Fact]
    public void Nps_with_no_nps_answers_is_null_not_zero()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"));
        bed.Write(ExtractContracts.Surveys, Survey("s1", "c1", csat: 5));

        bed.Build();

        var row = bed.Kpi("net_promoter_score");
        Assert.Equal(0.0, row!.Denominator);
        Assert.Null(row.Value);
    }

    [Fact]
    public void Complaints_count_on_the_opening_day_and_problems_solved_on_the_closing_day()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"));
        bed.Write(ExtractContracts.Cases,
            Case("k1", "x", contactId: "c1", complaint: true, status: "resolved", closedAt: Morning.AddDays(1)),
            Case("k2", "y", complaint: true),
            Case("k3", "z", status: "escalated"));

        bed.Build();

        Assert.Equal(2.0, bed.Value("complaints")!.Value, Precision);
        Assert.Equal(1.0, bed.Value("complaints", level: "agent", member: "a1")!.Value, Precision);
        Assert.Equal(1.0, bed.Value("problems_solved", periodStart: "2026-10-02")!.Value, Precision);
        Assert.Null(bed.Kpi("problems_solved"));
    }

    [Fact]
    public void Agent_values_from_too_few_observations_are_flagged()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("c1"));
        bed.Write(ExtractContracts.Surveys, Survey("s1", "c1", csat: 5), Survey("s2", "c1", csat: 4));

        bed.Build();

        Assert.Equal(2L, bed.Kpi("customer_satisfaction", level: "agent", member: "a1")!.SampleSize);
        Assert.Equal(1L, bed.Count(
            "select count(*) from scorecard.fct_kpi where kpi_id = 'customer_satisfaction' and level = 'agent' and period_grain = 'day' and is_below_min_sample"));
    }
}
