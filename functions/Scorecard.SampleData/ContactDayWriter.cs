namespace Scorecard.SampleData;

/// <summary>
/// Writes one day of contacts and the CRM rows they cause (cases, surveys, sales). Waits grow with queue load
/// and thin staffing; skilled agents handle faster, resolve more (fewer repeat contacts), sell more and
/// satisfy more; unresolved issues and abandons bring the same customer back on a later day. Keeps the
/// customers due back on later days between calls.
/// </summary>
internal sealed class ContactDayWriter
{
    private const int FirstHour = 7;
    private const int Hours = 14;
    private const int LastSecondOfDay = 86_399;

    /// <summary>Relative arrivals per hour, 07:00 to 20:00 (two peaks: mid-morning and early afternoon).</summary>
    private static readonly double[] HourWeights = SampleRoster.Cumulative([0.5, 0.9, 1.3, 1.5, 1.4, 1.1, 1.0, 1.2, 1.3, 1.2, 1.0, 0.8, 0.6, 0.4]);

    /// <summary>Monday to Sunday relative volume (Sunday first, as <see cref="DayOfWeek"/> numbers them).</summary>
    private static readonly double[] WeekdayVolume = [0.6, 1.15, 1.1, 1.05, 1.05, 1.0, 0.75];

    /// <summary>Inbound channel mix, chosen so the overall mix (outbound is voice) is about 70/15/10/5.</summary>
    private static readonly double[] InboundChannels = SampleRoster.Cumulative([0.674, 0.163, 0.109, 0.054]);

    private static readonly string[] ChannelNames = ["voice", "chat", "email", "social"];

    /// <summary>Days until an unresolved customer calls back: mostly the next day or two, always within the week.</summary>
    private static readonly double[] CallbackDelay = SampleRoster.Cumulative([0.35, 0.25, 0.15, 0.1, 0.08, 0.07]);

    private static readonly double[] QueueWeights = SampleRoster.Cumulative([.. SampleQueue.All.Select(q => q.Weight)]);

    private readonly GeneratorOptions _options;
    private readonly int _customerPool;
    private readonly double _expectedOnDuty;
    private readonly Dictionary<int, List<PendingContact>> _pending = [];

    public ContactDayWriter(GeneratorOptions options)
    {
        _options = options;
        // Large enough that unrelated contacts rarely share a customer within a week.
        _customerPool = Math.Max(10_000, options.ContactsPerDay * 150);
        _expectedOnDuty = options.Agents * 5.0 / 7.0 * 0.93;
    }

    public void Write(
        int dayIndex,
        DateOnly date,
        IReadOnlyList<OnDutyAgent> onDuty,
        CsvExtractWriter contacts,
        CsvExtractWriter cases,
        CsvExtractWriter surveys,
        CsvExtractWriter sales)
    {
        var random = new DeterministicRandom(_options.Seed, StreamIds.Contacts, dayIndex);
        var crm = new DeterministicRandom(_options.Seed, StreamIds.Crm, dayIndex);
        Arrival[] arrivals = Arrivals(dayIndex, date);
        List<SampleAgent>[] byHour = AgentsByHour(onDuty, out List<SampleAgent> everyone);
        double[] hourLoad = HourLoad(arrivals, byHour, onDuty.Count);

        DateTime dayStart = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        string day = date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        int caseSequence = 0;
        int surveySequence = 0;
        int saleSequence = 0;

        for (int n = 0; n < arrivals.Length; n++)
        {
            Arrival arrival = arrivals[n];
            SampleQueue queue = SampleQueue.All[arrival.Queue];
            int hour = Math.Clamp(arrival.Second / 3_600 - FirstHour, 0, Hours - 1);
            double load = queue.Load * hourLoad[hour];
            int channel = arrival.Outbound ? 0 : random.Pick(InboundChannels);
            List<SampleAgent> candidates = byHour[hour].Count > 0 ? byHour[hour] : everyone;
            bool abandoned = !arrival.Outbound
                && (candidates.Count == 0 || random.Chance(Math.Min(0.6, AbandonChance(channel) * load)));

            string contactId = $"C{day}{n + 1:D6}";
            DateTime offeredAt = dayStart.AddSeconds(arrival.Second);
            string? customerId = arrival.Customer >= 0 ? $"CU{arrival.Customer:D8}" : null;

            contacts.Text(contactId);
            contacts.Text(ChannelNames[channel]);
            contacts.Text(arrival.Outbound ? "outbound" : "inbound");
            contacts.Text(queue.Id);

            if (abandoned)
            {
                int gaveUpAfter = AbandonWait(random, channel, load);
                contacts.Empty();
                contacts.Timestamp(offeredAt);
                contacts.Empty();
                contacts.Timestamp(offeredAt.AddSeconds(gaveUpAfter));
                contacts.Integer(0L);
                contacts.Integer(0L);
                contacts.Integer(0L);
                contacts.Text("abandoned");
                contacts.Text(customerId);
                contacts.Empty();
                contacts.EndRow();
                if (arrival.Customer >= 0 && random.Chance(0.35))
                {
                    Schedule(dayIndex + 1, new PendingContact(arrival.Customer, arrival.Queue, -1));
                }

                continue;
            }

            SampleAgent agent = candidates[random.Next(candidates.Count)];
            double skill = agent.Skill;
            int wait = AnswerWait(random, channel, arrival.Outbound, load, arrival.Second);
            (int talk, int hold, int acw) = HandleTimes(random, channel, skill, queue.IsSales && arrival.Outbound);
            bool transferred = random.Chance(0.05 + 0.1 * (1 - skill));
            bool resolved = random.Chance(Math.Clamp(0.48 + 0.36 * skill - (transferred ? 0.1 : 0) - (wait > 120 && channel < 2 ? 0.03 : 0), 0.05, 0.97));
            int reason = arrival.Reason >= 0 ? arrival.Reason : random.Next(queue.ReasonCodes.Count);
            string? reasonCode = random.Chance(0.04) ? null : queue.ReasonCodes[reason];
            DateTime answeredAt = offeredAt.AddSeconds(wait);
            DateTime endedAt = answeredAt.AddSeconds(talk + hold);

            contacts.Text(agent.Id);
            contacts.Timestamp(offeredAt);
            contacts.Timestamp(answeredAt);
            contacts.Timestamp(endedAt);
            contacts.Integer((long)talk);
            contacts.Integer((long)hold);
            contacts.Integer((long)acw);
            contacts.Text(transferred ? "transferred" : "answered");
            contacts.Text(customerId);
            contacts.Text(reasonCode);
            contacts.EndRow();

            if (!resolved && arrival.Customer >= 0 && random.Chance(0.85))
            {
                Schedule(dayIndex + 1 + random.Pick(CallbackDelay), new PendingContact(arrival.Customer, arrival.Queue, reason));
            }

            DateTime dayEnd = dayStart.AddSeconds(LastSecondOfDay);
            var context = new HandledContact(contactId, customerId, queue, agent, channel, wait, transferred, resolved, answeredAt.AddSeconds(talk), endedAt, dayEnd);
            if (customerId is not null && crm.Chance(0.36))
            {
                WriteCase(crm, cases, $"K{day}{++caseSequence:D6}", context);
            }

            if (crm.Chance(0.12))
            {
                WriteSurvey(crm, surveys, $"V{day}{++surveySequence:D6}", context);
            }

            if (queue.IsSales && crm.Chance(0.10 + 0.2 * skill))
            {
                sales.Text($"S{day}{++saleSequence:D6}");
                sales.Text(contactId);
                sales.Text(agent.Id);
                sales.Timestamp(context.TalkEndedAt);
                sales.Decimal((decimal)Math.Clamp(crm.LogNormal(85, 0.65), 20, 500));
                sales.Text("EUR");
                sales.EndRow();
            }
        }

        _pending.Remove(dayIndex);
    }

    private static void WriteCase(DeterministicRandom crm, CsvExtractWriter cases, string caseId, HandledContact contact)
    {
        string status = contact.Resolved
            ? crm.Chance(0.8) ? "resolved" : "open"
            : crm.Chance(0.55) ? "open" : "escalated";
        DateTime openedAt = contact.EndedAt;
        DateTime? closedAt = null;
        if (status == "resolved")
        {
            DateTime closing = openedAt.AddSeconds(Math.Clamp(crm.LogNormal(1_200, 1.0), 60, 86_400));
            closedAt = closing > contact.DayEnd ? (openedAt > contact.DayEnd ? openedAt : contact.DayEnd) : closing;
        }

        bool longWait = contact.Channel < 2 && contact.Wait > 45;
        double complaint = 0.02
            + (longWait ? (contact.Wait > 120 ? 0.08 : 0.04) : 0)
            + (contact.Resolved ? 0 : 0.05)
            + (contact.Queue.Family == "retention" ? 0.02 : 0);

        cases.Text(caseId);
        cases.Text(crm.Chance(0.95) ? contact.ContactId : null);
        cases.Text(contact.CustomerId);
        cases.Timestamp(openedAt);
        cases.Timestamp(closedAt);
        cases.Text(contact.Queue.CaseCategory);
        cases.Text(status);
        cases.Boolean(crm.Chance(0.5) ? contact.Resolved : null);
        cases.Boolean(crm.Chance(complaint));
        cases.EndRow();
    }

    private static void WriteSurvey(DeterministicRandom crm, CsvExtractWriter surveys, string surveyId, HandledContact contact)
    {
        double waitPenalty = contact.Channel switch
        {
            < 2 => contact.Wait > 120 ? 0.8 : contact.Wait > 60 ? 0.5 : contact.Wait > 20 ? 0.2 : 0,
            2 => contact.Wait > 4 * 3_600 ? 0.4 : 0,
            _ => contact.Wait > 3_600 ? 0.3 : 0,
        };
        double latent = 4.25 + 0.9 * (contact.Agent.Skill - 0.6)
            - (contact.Resolved ? 0 : 0.9)
            - (contact.Transferred ? 0.3 : 0)
            - waitPenalty
            + 0.75 * crm.Normal();
        int csat = Math.Clamp((int)Math.Round(latent), 1, 5);
        int nps = Math.Clamp((int)Math.Round(2.2 * latent - 0.4 + 1.2 * crm.Normal()), 0, 10);
        double which = crm.NextDouble();
        DateTime respondedAt = contact.EndedAt.AddSeconds(300 + crm.Exponential(3_600));
        if (respondedAt > contact.DayEnd)
        {
            respondedAt = contact.EndedAt > contact.DayEnd ? contact.EndedAt : contact.DayEnd;
        }

        surveys.Text(surveyId);
        surveys.Text(contact.ContactId);
        surveys.Timestamp(respondedAt);
        surveys.OptionalInteger(which < 0.9 ? csat : null);
        surveys.OptionalInteger(which < 0.8 || which >= 0.9 ? nps : null);
        surveys.EndRow();
    }

    private Arrival[] Arrivals(int dayIndex, DateOnly date)
    {
        var random = new DeterministicRandom(_options.Seed, StreamIds.Arrivals, dayIndex);
        double weekday = WeekdayVolume[(int)date.DayOfWeek] / (WeekdayVolume.Sum() / 7);
        int volume = Math.Max(1, (int)Math.Round(_options.ContactsPerDay * weekday * (1 + 0.05 * Math.Clamp(random.Normal(), -3, 3))));
        List<PendingContact> due = _pending.TryGetValue(dayIndex, out List<PendingContact>? list) ? list : [];
        int fresh = Math.Max(volume - due.Count, (volume + 1) / 2);
        var arrivals = new Arrival[fresh + due.Count];
        for (int i = 0; i < fresh; i++)
        {
            bool outbound = random.Chance(0.09);
            int queue = outbound ? OutboundQueue(random) : random.Pick(QueueWeights);
            // With outbound calls (always to a known customer) and call-backs, about 70% of contacts carry a customer.
            int customer = outbound || random.Chance(0.62) ? random.Next(_customerPool) : -1;
            arrivals[i] = new Arrival(ArrivalSecond(random), i, queue, outbound, customer, -1);
        }

        for (int i = 0; i < due.Count; i++)
        {
            PendingContact pending = due[i];
            arrivals[fresh + i] = new Arrival(ArrivalSecond(random), fresh + i, pending.Queue, false, pending.Customer, pending.Reason);
        }

        Array.Sort(arrivals);
        return arrivals;
    }

    private static int ArrivalSecond(DeterministicRandom random) => (FirstHour + random.Pick(HourWeights)) * 3_600 + random.Next(3_600);

    /// <summary>Outbound calls are sales campaigns and retention call-backs.</summary>
    private static int OutboundQueue(DeterministicRandom random)
    {
        string family = random.Chance(0.7) ? "sales" : "retention";
        string language = random.Chance(0.7) ? "en" : "fr";
        string id = $"{family}_{language}";
        for (int i = 0; i < SampleQueue.All.Count; i++)
        {
            if (SampleQueue.All[i].Id == id)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No queue {id}.");
    }

    private static List<SampleAgent>[] AgentsByHour(IReadOnlyList<OnDutyAgent> onDuty, out List<SampleAgent> everyone)
    {
        var byHour = new List<SampleAgent>[Hours];
        for (int h = 0; h < Hours; h++)
        {
            byHour[h] = [];
        }

        everyone = [];
        foreach (OnDutyAgent duty in onDuty)
        {
            everyone.Add(duty.Agent);
            for (int h = Math.Max(duty.StartHour, FirstHour); h < Math.Min(duty.EndHour, FirstHour + Hours); h++)
            {
                byHour[h - FirstHour].Add(duty.Agent);
            }
        }

        return byHour;
    }

    /// <summary>
    /// How stretched each hour is compared with a normally staffed day: contacts per agent that hour against
    /// the day's average, scaled by how the day's volume compares with its head count. 1 is normal.
    /// </summary>
    private double[] HourLoad(Arrival[] arrivals, List<SampleAgent>[] byHour, int onDuty)
    {
        var perHour = new int[Hours];
        foreach (Arrival arrival in arrivals)
        {
            perHour[Math.Clamp(arrival.Second / 3_600 - FirstHour, 0, Hours - 1)]++;
        }

        double agentHours = byHour.Sum(h => h.Count);
        double average = arrivals.Length / Math.Max(1.0, agentHours);
        double day = Math.Clamp(arrivals.Length / (double)_options.ContactsPerDay / Math.Max(0.05, onDuty / _expectedOnDuty), 0.6, 1.8);
        var load = new double[Hours];
        for (int h = 0; h < Hours; h++)
        {
            double ratio = perHour[h] / Math.Max(1.0, byHour[h].Count) / Math.Max(1e-9, average);
            load[h] = Math.Pow(Math.Clamp(ratio, 0.5, 2.0) * day, 0.7);
        }

        return load;
    }

    private static double AbandonChance(int channel) => channel switch
    {
        0 => 0.13,
        1 => 0.11,
        2 => 0.03,
        _ => 0.05,
    };

    /// <summary>Seconds before the customer gave up: some hang up within seconds, most after a while.</summary>
    private static int AbandonWait(DeterministicRandom random, int channel, double load) => channel switch
    {
        0 => random.Chance(0.15) ? 1 + random.Next(6) : 6 + (int)Math.Min(3_600, random.Exponential(55 * load)),
        1 => 10 + (int)Math.Min(7_200, random.Exponential(120 * load)),
        2 => 3_600 + (int)Math.Min(72_000, random.Exponential(7_200)),
        _ => 600 + (int)Math.Min(36_000, random.Exponential(1_800)),
    };

    /// <summary>Queue wait for voice, first agent response for chat, email (minutes to hours) and social.</summary>
    private static int AnswerWait(DeterministicRandom random, int channel, bool outbound, double load, int offeredSecond)
    {
        if (outbound)
        {
            return 4 + random.Next(18);
        }

        return channel switch
        {
            0 => (int)Math.Min(3_600, random.Exponential(8 * load)),
            1 => 5 + (int)Math.Min(3_600, random.Exponential(35 * load)),
            // Emails are answered the same day, by 22:30 at the latest.
            2 => 120 + (int)Math.Min(Math.Max(0, 81_000 - offeredSecond - 120), random.Exponential(5_400 * load)),
            _ => 60 + (int)Math.Min(14_400, random.Exponential(900 * load)),
        };
    }

    private static (int Talk, int Hold, int Acw) HandleTimes(DeterministicRandom random, int channel, double skill, bool salesCall)
    {
        double pace = 1.3 - 0.5 * skill;
        return channel switch
        {
            0 => (
                Seconds(random.LogNormal((salesCall ? 300 : 230) * pace, 0.55), 15, 5_400),
                random.Chance(0.25 + 0.2 * (1 - skill)) ? Seconds(random.Exponential(45), 1, 1_800) : 0,
                Seconds(random.LogNormal(40 * pace, 0.6), 3, 1_200)),
            1 => (
                Seconds(random.LogNormal(540 * pace, 0.5), 60, 7_200),
                random.Chance(0.1) ? Seconds(random.Exponential(60), 1, 1_800) : 0,
                Seconds(random.LogNormal(30 * pace, 0.5), 3, 900)),
            2 => (Seconds(random.LogNormal(300 * pace, 0.6), 30, 3_600), 0, Seconds(random.LogNormal(45 * pace, 0.5), 3, 900)),
            _ => (Seconds(random.LogNormal(200 * pace, 0.6), 20, 3_600), 0, Seconds(random.LogNormal(25 * pace, 0.5), 3, 900)),
        };
    }

    private static int Seconds(double value, int min, int max) => (int)Math.Clamp(Math.Round(value), min, max);

    private void Schedule(int dayIndex, PendingContact contact)
    {
        if (dayIndex >= _options.Days)
        {
            return;
        }

        if (!_pending.TryGetValue(dayIndex, out List<PendingContact>? list))
        {
            _pending[dayIndex] = list = [];
        }

        list.Add(contact);
    }

    /// <summary>What the CRM rows of a handled contact depend on.</summary>
    private sealed record HandledContact(
        string ContactId,
        string? CustomerId,
        SampleQueue Queue,
        SampleAgent Agent,
        int Channel,
        int Wait,
        bool Transferred,
        bool Resolved,
        DateTime TalkEndedAt,
        DateTime EndedAt,
        DateTime DayEnd);
}
