namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>Builders for lake rows with sensible defaults, so a test states only what matters to it.</summary>
internal static class LakeRows
{
    /// <summary>09:00 UTC on Thursday 1 October 2026, the first day of the fixtures.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An answered inbound contact: offered at <paramref name="offeredAt"/> (default <see cref="Morning"/>), answered after <paramref name="waitSeconds"/>.</summary>
    public static Dictionary<string, object?> Answered(
        string id,
        int waitSeconds = 10,
        string channel = "voice",
        string queue = "q-voice",
        string agent = "a1",
        string? customer = null,
        DateTimeOffset? offeredAt = null,
        int talkSeconds = 100,
        int holdSeconds = 0,
        int acwSeconds = 20,
        string direction = "inbound",
        string outcome = "answered")
    {
        DateTimeOffset offered = offeredAt ?? Morning;
        DateTimeOffset answered = offered.AddSeconds(waitSeconds);
        return new Dictionary<string, object?>
        {
            ["contact_id"] = id,
            ["channel"] = channel,
            ["direction"] = direction,
            ["queue_id"] = queue,
            ["agent_id"] = agent,
            ["offered_at"] = offered,
            ["answered_at"] = answered,
            ["ended_at"] = answered.AddSeconds(talkSeconds + holdSeconds),
            ["talk_seconds"] = talkSeconds,
            ["hold_seconds"] = holdSeconds,
            ["acw_seconds"] = acwSeconds,
            ["outcome"] = outcome,
            ["customer_id"] = customer,
        };
    }

    /// <summary>An inbound contact abandoned after <paramref name="waitSeconds"/>.</summary>
    public static Dictionary<string, object?> Abandoned(
        string id, int waitSeconds, string channel = "voice", string queue = "q-voice", string? customer = null, DateTimeOffset? offeredAt = null)
    {
        DateTimeOffset offered = offeredAt ?? Morning;
        return new Dictionary<string, object?>
        {
            ["contact_id"] = id,
            ["channel"] = channel,
            ["direction"] = "inbound",
            ["queue_id"] = queue,
            ["offered_at"] = offered,
            ["ended_at"] = offered.AddSeconds(waitSeconds),
            ["talk_seconds"] = 0,
            ["hold_seconds"] = 0,
            ["acw_seconds"] = 0,
            ["outcome"] = "abandoned",
            ["customer_id"] = customer,
        };
    }

    public static Dictionary<string, object?> Agent(
        string id, string team = "t1", string site = "s1", string hired = "2026-01-01", string? left = null, decimal hourlyCost = 30m) =>
        new()
        {
            ["agent_id"] = id,
            ["team_id"] = team,
            ["site_id"] = site,
            ["hired_on"] = DateOnly.Parse(hired, System.Globalization.CultureInfo.InvariantCulture),
            ["left_on"] = left is null ? null : DateOnly.Parse(left, System.Globalization.CultureInfo.InvariantCulture),
            ["hourly_cost"] = hourlyCost,
            ["currency"] = "EUR",
        };

    /// <summary>A sale for every fourth answered contact of <paramref name="contacts"/>, the amount set by <paramref name="day"/>.</summary>
    public static List<Dictionary<string, object?>> SalesOf(IEnumerable<Dictionary<string, object?>> contacts, int day) =>
        contacts.Where(c => c.ContainsKey("answered_at")).Where((c, i) => i % 4 == 0)
            .Select(c => Sale($"{c["contact_id"]}-s1", (string)c["contact_id"]!, 40m + day, (string)c["agent_id"]!, ((DateTimeOffset)c["offered_at"]!).AddMinutes(3)))
            .ToList();

    /// <summary>A survey for every fifth answered contact of <paramref name="contacts"/>, two hours after it.</summary>
    public static List<Dictionary<string, object?>> SurveysOf(IEnumerable<Dictionary<string, object?>> contacts, int day) =>
        contacts.Where(c => c.ContainsKey("answered_at")).Where((c, i) => i % 5 == 0)
            .Select((c, i) => Survey($"{c["contact_id"]}-r", (string)c["contact_id"]!, csat: 1 + (i + day) % 5, nps: (i + day) % 11, respondedAt: ((DateTimeOffset)c["offered_at"]!).AddHours(2)))
            .ToList();

    public static Dictionary<string, object?> Survey(string id, string contactId, int? csat = null, int? nps = null, DateTimeOffset? respondedAt = null) =>
        new()
        {
            ["survey_id"] = id,
            ["contact_id"] = contactId,
            ["responded_at"] = respondedAt ?? Morning.AddHours(1),
            ["csat"] = csat,
            ["nps"] = nps,
        };

    public static Dictionary<string, object?> Sale(string id, string contactId, decimal amount, string agent = "a1", DateTimeOffset? soldAt = null) =>
        new()
        {
            ["sale_id"] = id,
            ["contact_id"] = contactId,
            ["agent_id"] = agent,
            ["sold_at"] = soldAt ?? Morning.AddMinutes(5),
            ["amount"] = amount,
            ["currency"] = "EUR",
        };

    public static Dictionary<string, object?> Case(
        string id, string customer, string? contactId = null, bool? resolvedFirstContact = null, bool complaint = false,
        string status = "open", DateTimeOffset? openedAt = null, DateTimeOffset? closedAt = null) =>
        new()
        {
            ["case_id"] = id,
            ["contact_id"] = contactId,
            ["customer_id"] = customer,
            ["opened_at"] = openedAt ?? Morning.AddMinutes(3),
            ["closed_at"] = closedAt,
            ["category"] = "billing",
            ["status"] = status,
            ["resolved_first_contact"] = resolvedFirstContact,
            ["complaint"] = complaint,
        };

    public static Dictionary<string, object?> Shift(string agent, string date, int paidSeconds = 28_800, int loggedInSeconds = 25_200) =>
        new()
        {
            ["agent_id"] = agent,
            ["shift_date"] = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            ["scheduled_seconds"] = paidSeconds,
            ["paid_seconds"] = paidSeconds,
            ["logged_in_seconds"] = loggedInSeconds,
        };

    public static Dictionary<string, object?> Training(string agent, string date, decimal hours, string course = "product") =>
        new()
        {
            ["agent_id"] = agent,
            ["trained_on"] = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            ["course"] = course,
            ["hours"] = hours,
        };

    public static Dictionary<string, object?> Esat(string id, int score, string team = "t1", DateTimeOffset? respondedAt = null) =>
        new()
        {
            ["response_id"] = id,
            ["team_id"] = team,
            ["responded_at"] = respondedAt ?? Morning,
            ["score"] = score,
        };

    /// <summary>A scheduled activity of an agent (contacts, break, training or meeting).</summary>
    public static Dictionary<string, object?> Activity(string agent, DateTimeOffset startsAt, DateTimeOffset endsAt, string activity = "contacts") =>
        new()
        {
            ["agent_id"] = agent,
            ["starts_at"] = startsAt,
            ["ends_at"] = endsAt,
            ["activity"] = activity,
        };

    /// <summary>A change of an agent's state in the contact platform.</summary>
    public static Dictionary<string, object?> AgentState(string agent, DateTimeOffset changedAt, string state) =>
        new()
        {
            ["agent_id"] = agent,
            ["changed_at"] = changedAt,
            ["state"] = state,
        };

    /// <summary>A shift of <paramref name="hours"/> from <paramref name="start"/>: contacts with a 15-minute break after three and a half hours.</summary>
    public static Dictionary<string, object?>[] ShiftActivities(string agent, DateTimeOffset start, int hours)
    {
        DateTimeOffset breakStart = start.AddMinutes(210);
        return
        [
            Activity(agent, start, breakStart),
            Activity(agent, breakStart, breakStart.AddMinutes(15), "break"),
            Activity(agent, breakStart.AddMinutes(15), start.AddHours(hours)),
        ];
    }

    /// <summary>The states the platform logs for that shift, a little off plan (by <paramref name="slip"/> minutes);
    /// without <paramref name="logsOut"/> the logout is lost (the last state is closed after 12 hours).</summary>
    public static List<Dictionary<string, object?>> ShiftStates(string agent, DateTimeOffset start, int hours, int slip = 0, bool logsOut = true)
    {
        var states = new List<Dictionary<string, object?>>
        {
            AgentState(agent, start.AddMinutes(-3), "logged_in"),
            AgentState(agent, start.AddMinutes(1), "available"),
            AgentState(agent, start.AddMinutes(40 + slip), "on_contact"),
            AgentState(agent, start.AddMinutes(55 + slip), "after_contact_work"),
            AgentState(agent, start.AddMinutes(60 + slip), "available"),
            AgentState(agent, start.AddMinutes(212), "break"),
            AgentState(agent, start.AddMinutes(229), "available"),
            AgentState(agent, start.AddMinutes(300), "on_contact"),
            AgentState(agent, start.AddMinutes(320), "available"),
        };
        if (logsOut)
        {
            states.Add(AgentState(agent, start.AddHours(hours).AddMinutes(4), "offline"));
        }

        return states;
    }
}
