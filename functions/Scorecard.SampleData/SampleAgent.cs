namespace Scorecard.SampleData;

/// <summary>One generated agent: fixed HR attributes plus a latent skill that training raises during the run.</summary>
internal sealed class SampleAgent(int number, int team, string siteId, DateOnly hiredOn, decimal hourlyCost, double skill)
{
    /// <summary><c>A0001</c>, <c>A0002</c>, ...</summary>
    public string Id { get; } = $"A{number:D4}";

    public int Number { get; } = number;

    /// <summary>Zero-based team index; the id is <see cref="TeamId"/>.</summary>
    public int Team { get; } = team;

    public string TeamId => SampleRoster.TeamId(Team);

    public string SiteId { get; } = siteId;

    public DateOnly HiredOn { get; } = hiredOn;

    /// <summary>Last working day, when the agent leaves during the run.</summary>
    public DateOnly? LeftOn { get; set; }

    public decimal HourlyCost { get; } = hourlyCost;

    /// <summary>0..1: shortens handle time, raises resolution, conversion and customer satisfaction.</summary>
    public double Skill { get; set; } = skill;

    /// <summary>The two consecutive weekdays off (a 5-of-7 pattern).</summary>
    public DayOfWeek FirstDayOff { get; init; }

    /// <summary>Hour of day (UTC) the shift starts.</summary>
    public int ShiftStartHour { get; init; }

    /// <summary>Scheduled seconds per shift (8 h, or 6 h for part-timers).</summary>
    public int ScheduledSeconds { get; init; }

    public bool IsEmployedOn(DateOnly day) => HiredOn <= day && (LeftOn is not { } left || day <= left);

    public bool WorksOn(DayOfWeek day) => day != FirstDayOff && day != (DayOfWeek)(((int)FirstDayOff + 1) % 7);

    public int TenureDays(DateOnly day) => day.DayNumber - HiredOn.DayNumber;
}
