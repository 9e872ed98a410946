using Scorecard.Pipeline.Ingest;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Targets, scores, status, change from the previous period, perspective and overall roll-ups.</summary>
public sealed class ScorecardTests
{
    private const int Precision = 6;

    /// <summary>
    /// 20 offered voice contacts on 1 October: 16 answered at 10 s, 2 at 40 s, 2 abandoned at 30 s. Service level
    /// 16 / 20 = 80 %, abandon rate 2 / 20 = 10 %, ASA (160 + 80) / 18 = 13.33 s.
    /// </summary>
    private static IReadOnlyDictionary<string, object?>[] DayOne() =>
    [
        .. Enumerable.Range(1, 16).Select(i => Answered($"fast-{i}", waitSeconds: 10)),
        Answered("slow-1", waitSeconds: 40),
        Answered("slow-2", waitSeconds: 40),
        Abandoned("gone-1", 30),
        Abandoned("gone-2", 30),
    ];

    private static (double? Score, string? Status) Scored(MartTestBed bed, string kpiId, string day = "2026-10-01", string level = "centre", string member = "centre") =>
        bed.Query(
            $"select score, status from scorecard.fct_scorecard where kpi_id = '{kpiId}' and period_grain = 'day' and period_start = date '{day}' and level = '{level}' and member_id = '{member}'",
            r => (r.IsDBNull(0) ? (double?)null : r.GetDouble(0), r.IsDBNull(1) ? null : r.GetString(1))).Single();

    [Fact]
    public void Score_and_status_respect_the_direction_of_the_kpi()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, DayOne());

        bed.Build();

        // Service level 80 against target 80 (higher is better): score 100, green.
        Assert.Equal((100.0, "green"), Scored(bed, "service_level"));
        // Abandon rate 10 against target 5 (lower is better): score 5 / 10 = 50, red above 8.
        Assert.Equal((50.0, "red"), Scored(bed, "abandon_rate"));
        // ASA 13.33 s against target 20 s (lower is better): 20 / 13.33 = 150 % of target, capped at 100, green.
        Assert.Equal((100.0, "green"), Scored(bed, "average_speed_of_answer"));
    }

    [Fact]
    public void Beating_a_target_scores_100_so_it_cannot_hide_a_missed_target_in_the_perspective()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, DayOne());

        bed.Build();

        // ASA beats its target by half (150 % of target) but scores 100; abandon rate misses (50). Customer KPIs with a
        // score and weight: service level 100 (weight 2), abandon rate 50 (1), ASA 100 (1): (2 x 100 + 50 + 100) / 4 =
        // 87.5, below 100 because a target was missed (uncapped, ASA's 150 would have made it exactly 100).
        Assert.Equal(100.0, Scored(bed, "average_speed_of_answer").Score!.Value, Precision);
        double customer = bed.Query(
            "select score from scorecard.fct_perspective_score where perspective = 'customer' and period_grain = 'day' and period_start = date '2026-10-01' and level = 'centre'",
            r => r.GetDouble(0)).Single();
        Assert.Equal(87.5, customer, Precision);
        double highest = bed.Query(
            "select max(score) from (select score from scorecard.fct_scorecard union all select score from scorecard.fct_perspective_score union all select score from scorecard.fct_overall_score)",
            r => r.GetDouble(0)).Single();
        Assert.Equal(100.0, highest, Precision);
    }

    [Fact]
    public void A_targets_file_overrides_the_registry_target_for_its_level_and_member()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, DayOne());
        string targets = Path.Combine(bed.Lake.LakeRoot, "..", "targets.csv");
        File.WriteAllText(targets, """
            kpi_id,period_grain,period_start,level,member_id,target,amber_threshold,red_threshold
            service_level,,,queue,q-voice,90,90,85
            """);

        bed.Build(o => o.TargetsPath = targets);

        // Queue: 80 against 90 = 88.9, red below 85. Centre keeps the registry target.
        var queue = Scored(bed, "service_level", level: "queue", member: "q-voice");
        Assert.Equal(100.0 * 80 / 90, queue.Score!.Value, Precision);
        Assert.Equal("red", queue.Status);
        Assert.Equal((100.0, "green"), Scored(bed, "service_level"));
    }

    [Fact]
    public void Change_from_previous_period_compares_with_the_period_before()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts,
        [
            .. DayOne(),
            Answered("next-day", waitSeconds: 5, offeredAt: Morning.AddDays(1)),
        ]);

        bed.Build();

        var change = bed.Query(
            "select period_start, previous_value, change_from_previous from scorecard.fct_scorecard where kpi_id = 'service_level' and period_grain = 'day' and level = 'centre' order by period_start",
            r => (r.IsDBNull(1) ? (double?)null : r.GetDouble(1), r.IsDBNull(2) ? (double?)null : r.GetDouble(2)));
        Assert.Equal((null, null), change[0]);
        Assert.Equal((80.0, 20.0), change[1]);
    }

    [Fact]
    public void Perspective_score_is_the_weighted_mean_of_its_kpi_scores()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, DayOne());

        bed.Build();

        // Customer KPIs with a score and weight: service level 100 (weight 2), abandon rate 50 (1), ASA 100 (1, capped);
        // the rest have no data. (2 x 100 + 50 + 100) / 4 = 87.5.
        double customer = bed.Query(
            "select score from scorecard.fct_perspective_score where perspective = 'customer' and period_grain = 'day' and period_start = date '2026-10-01' and level = 'centre'",
            r => r.GetDouble(0)).Single();
        Assert.Equal(87.5, customer, Precision);
        double expectedOverall = bed.Query(
            "select sum(score * perspective_weight) / sum(perspective_weight) from scorecard.fct_perspective_score where score is not null and period_grain = 'day' and period_start = date '2026-10-01' and level = 'centre'",
            r => r.GetDouble(0)).Single();
        double overall = bed.Query(
            "select score from scorecard.fct_overall_score where period_grain = 'day' and period_start = date '2026-10-01' and level = 'centre'",
            r => r.GetDouble(0)).Single();
        Assert.Equal(expectedOverall, overall, Precision);
    }

    [Fact]
    public void Members_below_the_minimum_sample_are_flagged_and_not_ranked()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"), Agent("a2"));
        bed.Write(ExtractContracts.Contacts,
        [
            .. Enumerable.Range(1, 30).Select(i => Answered($"a1-{i}", agent: "a1", talkSeconds: 200)),
            .. Enumerable.Range(1, 30).Select(i => Answered($"a2-{i}", agent: "a2", talkSeconds: 100)),
            Answered("a3-1", agent: "a3", talkSeconds: 10),
        ]);

        bed.Build();

        var ranks = bed.Query(
            "select member_id, member_rank from scorecard.fct_scorecard where kpi_id = 'average_handle_time' and period_grain = 'day' and level = 'agent' order by member_id",
            r => (r.GetString(0), r.IsDBNull(1) ? (long?)null : r.GetInt64(1)));
        // Lower AHT is better: a2 (120 s) first, a1 (220 s) second; a3 has 1 contact of the 30 needed.
        Assert.Equal([("a1", 2L), ("a2", 1L), ("a3", (long?)null)], ranks);
    }

    [Fact]
    public void The_summary_lists_every_kpi_of_the_latest_month_with_value_target_and_status()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, DayOne());
        bed.Build();

        var summary = Scorecard.Pipeline.Mart.ScorecardSummaryReader.ReadLatest(bed.MartDirectory);

        Assert.NotNull(summary);
        Assert.Equal(new DateOnly(2026, 10, 1), summary.PeriodStart);
        var serviceLevel = summary.Lines.Single(l => l.KpiId == "service_level");
        Assert.Equal((80.0, 80.0, "green"), (serviceLevel.Value, serviceLevel.Target, serviceLevel.Status));
        Assert.Null(summary.Lines.Single(l => l.KpiId == "net_promoter_score").Value);
        Assert.Equal(4, summary.Lines.Select(l => l.Perspective).Distinct().Count());
        // Service level 100 (weight 2), abandon rate 50, ASA 100 (capped): 87.5.
        Assert.Equal(87.5, summary.PerspectiveScores["customer"]!.Value, Precision);
    }
}
