using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>How staging reads the lake: latest extract wins, partitions add up, roster snapshots become history.</summary>
public sealed class StagingTests
{
    [Fact]
    public void Latest_extract_of_a_partition_wins_while_an_older_file_is_still_there()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Lake.Write(ExtractContracts.Contacts, "2026-10-01", [Answered("c1"), Answered("c2")], hash: "aaaaaaaaaaaa", time: "020000000");
        bed.Lake.Write(ExtractContracts.Contacts, "2026-10-01", [Abandoned("c1", 30)], hash: "bbbbbbbbbbbb", time: "030000000");

        BuildReport report = bed.Build();

        Assert.True(report.Succeeded);
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'c1' and is_abandoned"));
    }

    [Fact]
    public void Extracts_of_different_dates_are_all_read()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Lake.Write(ExtractContracts.Contacts, "2026-10-01", [Answered("c1")]);
        bed.Lake.Write(ExtractContracts.Contacts, "2026-10-02", [Answered("c2", offeredAt: Morning.AddDays(1))]);

        bed.Build();

        Assert.Equal(2L, bed.Count("select count(*) from marts.fct_contact"));
    }

    [Fact]
    public void A_team_change_between_roster_snapshots_attributes_contacts_to_the_team_of_the_day()
    {
        using var bed = new MartTestBed();
        bed.Lake.Write(ExtractContracts.Agents, "2026-10-01", [Agent("a1", team: "t1")]);
        bed.Lake.Write(ExtractContracts.Agents, "2026-10-05", [Agent("a1", team: "t2")]);
        bed.Write(ExtractContracts.Contacts, Answered("before", offeredAt: Morning.AddDays(2)), Answered("after", offeredAt: Morning.AddDays(5)));

        bed.Build();

        Assert.Equal(2L, bed.Count("select count(*) from marts.dim_agent where agent_id = 'a1'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'before' and team_id = 't1'"));
        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact where contact_id = 'after' and team_id = 't2'"));
        Assert.Equal(1.0, bed.Value("calls_handled", periodStart: "2026-10-03", level: "team", member: "t1"));
        Assert.Equal(1.0, bed.Value("calls_handled", grain: "month", level: "team", member: "t2"));
    }

    [Fact]
    public void An_agent_missing_from_the_roster_still_joins_with_no_team()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Contacts, Answered("c1", agent: "stranger"));

        BuildReport report = bed.Build();

        Assert.True(report.Succeeded);
        Assert.Equal(1L, bed.Count("select count(*) from marts.dim_agent where agent_id = 'stranger' and not is_on_roster"));
    }
}
