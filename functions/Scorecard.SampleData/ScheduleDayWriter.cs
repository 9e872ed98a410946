namespace Scorecard.SampleData;

/// <summary>
/// Writes an agent's day of the workforce schedule (contacts, breaks, training on a 15-minute grid) and the agent
/// states the platform would log for it: a login a little late or early, breaks taken a few minutes off plan and
/// sometimes overrun, and available / on contact / after-contact work in turn while on the phones. The states
/// follow the schedule with realistic slips (so adherence is below 100%); they are not tied to the individual
/// contacts of the telephony extract.
/// </summary>
internal sealed class ScheduleDayWriter(GeneratorOptions options)
{
    private const int Quarter = 900;

    public void Write(int dayIndex, DateOnly date, SampleAgent agent, bool absent, int trainingSeconds, CsvExtractWriter schedule, CsvExtractWriter states)
    {
        DateTime shiftStart = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(agent.ShiftStartHour);
        var activities = Plan(shiftStart, agent.ScheduledSeconds, trainingSeconds);
        foreach ((DateTime start, DateTime end, string activity) in activities)
        {
            schedule.Text(agent.Id);
            schedule.Timestamp(start);
            schedule.Timestamp(end);
            schedule.Text(activity);
            schedule.EndRow();
        }

        if (!absent)
        {
            WriteStates(new DeterministicRandom(options.Seed, StreamIds.AgentStates, dayIndex, agent.Number), agent, activities, states);
        }
    }

    /// <summary>Training first (when any), then contacts with a 15-minute break after two hours, 30 minutes after four
    /// and 15 after six (shorter shifts keep the breaks that fit).</summary>
    private static List<(DateTime Start, DateTime End, string Activity)> Plan(DateTime shiftStart, int scheduledSeconds, int trainingSeconds)
    {
        DateTime shiftEnd = shiftStart.AddSeconds(scheduledSeconds);
        var breaks = new List<(DateTime, DateTime)>();
        foreach ((int afterHours, int minutes) in new[] { (2, 15), (4, 30), (6, 15) })
        {
            DateTime start = shiftStart.AddHours(afterHours);
            if (start.AddMinutes(minutes + 30) <= shiftEnd)
            {
                breaks.Add((start, start.AddMinutes(minutes)));
            }
        }

        var plan = new List<(DateTime, DateTime, string)>();
        DateTime cursor = shiftStart;
        if (trainingSeconds > 0)
        {
            DateTime trainingEnd = shiftStart.AddSeconds(Math.Min(scheduledSeconds - Quarter, (trainingSeconds + Quarter - 1) / Quarter * Quarter));
            plan.Add((cursor, trainingEnd, "training"));
            cursor = trainingEnd;
        }

        foreach ((DateTime breakStart, DateTime breakEnd) in breaks)
        {
            if (breakStart < cursor)
            {
                continue;
            }

            if (breakStart > cursor)
            {
                plan.Add((cursor, breakStart, "contacts"));
            }

            plan.Add((breakStart, breakEnd, "break"));
            cursor = breakEnd;
        }

        if (cursor < shiftEnd)
        {
            plan.Add((cursor, shiftEnd, "contacts"));
        }

        return plan;
    }

    private static void WriteStates(DeterministicRandom random, SampleAgent agent, List<(DateTime Start, DateTime End, string Activity)> plan, CsvExtractWriter states)
    {
        // Each planned boundary slips a little: mostly a minute or two late, sometimes early.
        DateTime Slip(DateTime planned, double lateMeanSeconds) =>
            planned.AddSeconds(Math.Round(random.Exponential(lateMeanSeconds) - random.Exponential(45)));

        DateTime last = DateTime.MinValue;
        void Emit(DateTime at, string state)
        {
            at = at <= last ? last.AddSeconds(1) : at;
            states.Text(agent.Id);
            states.Timestamp(at);
            states.Text(state);
            states.EndRow();
            last = at;
        }

        DateTime login = Slip(plan[0].Start, 90);
        Emit(login, "logged_in");
        foreach ((DateTime start, DateTime end, string activity) in plan)
        {
            DateTime from = start == plan[0].Start ? login.AddSeconds(20 + random.Next(60)) : Slip(start, activity == "contacts" ? 120 : 60);
            DateTime to = end;
            if (activity != "contacts")
            {
                Emit(from, activity == "break" ? "break" : "logged_in");
                continue;
            }

            DateTime at = from;
            while (at < to)
            {
                Emit(at, "available");
                at = at.AddSeconds(5 + Math.Round(random.Exponential(50)));
                if (at >= to)
                {
                    break;
                }

                Emit(at, "on_contact");
                at = at.AddSeconds(30 + Math.Round(random.LogNormal(260, 0.5)));
                Emit(at, "after_contact_work");
                at = at.AddSeconds(5 + Math.Round(random.Exponential(40)));
            }
        }

        Emit(Slip(plan[^1].End, 120), "offline");
    }
}
