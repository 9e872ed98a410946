using Scorecard.Pipeline.Ingest;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Queue measures on voice: service level and its variants, ASA, average wait, abandon rate.</summary>
public sealed class QueueKpiTests
{
    private const int Precision = 6;

    [Fact]
    public void Service_level_of_16_answered_within_threshold_out_of_20_offered_is_80_percent()
    {
        using var bed = new MartTestBed();
        var contacts = Enumerable.Range(1, 16).Select(i => Answered($"in-{i}", waitSeconds: 10))
            .Concat(Enumerable.Range(1, 4).Select(i => Answered($"late-{i}", waitSeconds: 30)))
            .ToArray();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, contacts);

        bed.Build();

        var row = bed.Kpi("service_level");
        Assert.Equal(80.0, row!.Value!.Value, Precision);
        Assert.Equal(16.0, row.Numerator);
        Assert.Equal(20.0, row.Denominator);
    }

    /// <summary>
    /// 10 answered (8 within 20 s at 10 s, 2 after at 40 s) and 4 abandoned (3 s: short; 15 s: within threshold;
    /// 60 s twice: after threshold) = 14 offered.
    /// </summary>
    private static IReadOnlyDictionary<string, object?>[] MixedTraffic() =>
    [
        .. Enumerable.Range(1, 8).Select(i => Answered($"fast-{i}", waitSeconds: 10)),
        Answered("slow-1", waitSeconds: 40),
        Answered("slow-2", waitSeconds: 40),
        Abandoned("short", waitSeconds: 3),
        Abandoned("within", waitSeconds: 15),
        Abandoned("after-1", waitSeconds: 60),
        Abandoned("after-2", waitSeconds: 60),
    ];

    [Fact]
    public void Service_level_variants_are_published_side_by_side_on_a_mix_of_abandons()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, MixedTraffic());

        bed.Build();

        // Abandons in the denominator: 8 / 14.
        Assert.Equal(100.0 * 8 / 14, bed.Value("service_level")!.Value, Precision);
        // Answered only: 8 / 10.
        Assert.Equal(80.0, bed.Value("service_level_answered_only")!.Value, Precision);
        // Short abandons (< 5 s) excluded: 8 / (14 - 1).
        Assert.Equal(100.0 * 8 / 13, bed.Value("service_level_excluding_short_abandons")!.Value, Precision);
        // Abandons within 20 s count as met: (8 + 2) / 14.
        Assert.Equal(100.0 * 10 / 14, bed.Value("service_level_abandons_within_threshold_met")!.Value, Precision);
    }

    [Fact]
    public void Service_level_threshold_is_configurable()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, MixedTraffic());

        bed.Build(o => o.ServiceLevelThresholdSeconds = 45);

        // All 10 answered within 45 s, over 14 offered.
        Assert.Equal(100.0 * 10 / 14, bed.Value("service_level")!.Value, Precision);
        Assert.Equal(45L, bed.Count("select max(service_level_threshold_seconds) from marts.fct_contact"));
    }

    [Fact]
    public void Abandon_rate_asa_and_average_wait_follow_the_issue_definitions()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, MixedTraffic());

        bed.Build();

        // 4 abandoned of 14 offered.
        Assert.Equal(100.0 * 4 / 14, bed.Value("abandon_rate")!.Value, Precision);
        // ASA: mean wait of the 10 answered = (8 x 10 + 2 x 40) / 10 = 16 s.
        Assert.Equal(16.0, bed.Value("average_speed_of_answer")!.Value, Precision);
        // Average wait of all 14 offered = (160 + 3 + 15 + 60 + 60) / 14.
        Assert.Equal(298.0 / 14, bed.Value("average_wait_time")!.Value, Precision);
    }

    [Fact]
    public void Chat_contacts_count_in_first_response_time_not_in_voice_service_level()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts,
            Answered("v1", waitSeconds: 10),
            Answered("chat-1", waitSeconds: 60, channel: "chat", queue: "q-chat"),
            Answered("chat-2", waitSeconds: 180, channel: "chat", queue: "q-chat"),
            Abandoned("chat-3", waitSeconds: 500, channel: "chat", queue: "q-chat"));

        bed.Build();

        Assert.Equal(100.0, bed.Value("service_level")!.Value, Precision);
        Assert.Equal(1.0, bed.Kpi("service_level")!.Denominator);
        // (60 + 180) / 2 answered chats.
        Assert.Equal(120.0, bed.Value("first_response_time")!.Value, Precision);
    }

    [Fact]
    public void A_queue_with_no_voice_contacts_has_a_null_service_level_not_zero()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts,
            Answered("v1", waitSeconds: 10),
            Answered("chat-1", waitSeconds: 60, channel: "chat", queue: "q-chat"));

        bed.Build();

        var chatQueue = bed.Kpi("service_level", level: "queue", member: "q-chat");
        Assert.NotNull(chatQueue);
        Assert.Equal(0.0, chatQueue.Denominator);
        Assert.Null(chatQueue.Value);
        Assert.Null(bed.Kpi("service_level", periodStart: "2026-10-02"));
    }

    [Fact]
    public void Queue_month_asa_is_summed_from_parts_not_an_average_of_daily_values()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts,
            Answered("d1", waitSeconds: 10),
            Answered("d2-1", waitSeconds: 40, offeredAt: Morning.AddDays(1)),
            Answered("d2-2", waitSeconds: 40, offeredAt: Morning.AddDays(1)),
            Answered("d2-3", waitSeconds: 40, offeredAt: Morning.AddDays(1)));

        bed.Build();

        // Daily ASA 10 and 40 would average to 25; the month is (10 + 3 x 40) / 4 = 32.5.
        Assert.Equal(10.0, bed.Value("average_speed_of_answer", level: "queue", member: "q-voice")!.Value, Precision);
        Assert.Equal(32.5, bed.Value("average_speed_of_answer", grain: "month", level: "queue", member: "q-voice")!.Value, Precision);
        Assert.Equal(32.5, bed.Value("average_speed_of_answer", periodStart: "2026-09-28", grain: "week")!.Value, Precision);
    }
}
