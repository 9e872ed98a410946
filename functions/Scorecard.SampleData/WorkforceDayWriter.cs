using System.Globalization;

namespace Scorecard.SampleData;

/// <summary>
/// Writes one day of the HR extracts (roster snapshot, shifts, training, employee surveys) and returns who is
/// logged in that day, so contacts go only to agents on shift. Training raises an agent's skill.
/// </summary>
internal sealed class WorkforceDayWriter(GeneratorOptions options, SampleRoster roster)
{
    private static readonly string[] OnboardingCourses =
        ["Onboarding: systems and tools", "Onboarding: products and policies", "Call handling fundamentals"];

    private static readonly string[] RefresherCourses =
        ["Complaint handling, de-escalation", "Product update", "Upselling essentials", "Compliance refresher", "Coaching session"];

    /// <summary>Skill gained per hour of training.</summary>
    private const double SkillPerTrainingHour = 0.005;

    public void WriteAgents(DateOnly date, CsvExtractWriter agents)
    {
        foreach (SampleAgent agent in roster.Agents)
        {
            if (agent.HiredOn > date)
            {
                continue;
            }

            agents.Text(agent.Id);
            agents.Text(agent.TeamId);
            agents.Text(agent.SiteId);
            agents.Date(agent.HiredOn);
            agents.Date(agent.LeftOn is { } left && left <= date ? left : null);
            agents.Decimal(agent.HourlyCost);
            agents.Text("EUR");
            agents.EndRow();
        }
    }

    /// <summary>Writes shifts, training, the schedule and the agent states for the day; returns the agents logged in long enough to take contacts.</summary>
    public IReadOnlyList<OnDutyAgent> WriteShiftsAndTraining(
        int dayIndex, DateOnly date, CsvExtractWriter shifts, CsvExtractWriter training, CsvExtractWriter schedule, CsvExtractWriter agentStates)
    {
        var scheduleDay = new ScheduleDayWriter(options);
        var shiftRandom = new DeterministicRandom(options.Seed, StreamIds.Shifts, dayIndex);
        var trainingRandom = new DeterministicRandom(options.Seed, StreamIds.Training, dayIndex);
        var onDuty = new List<OnDutyAgent>();
        foreach (SampleAgent agent in roster.Agents)
        {
            if (!agent.IsEmployedOn(date) || !agent.WorksOn(date.DayOfWeek))
            {
                continue;
            }

            int scheduled = agent.ScheduledSeconds;
            bool absent = shiftRandom.Chance(0.04);
            int overtime = shiftRandom.Chance(0.06) ? 900 * shiftRandom.Next(1, 5) : 0;
            int paid = scheduled + overtime;
            int trainingSeconds = absent ? 0 : WriteTraining(trainingRandom, agent, date, training);
            int breaks = 1_800 + shiftRandom.Next(1_800);
            int idleLogins = shiftRandom.Next(900);
            int loggedIn = absent ? 0 : Math.Max(0, paid - breaks - trainingSeconds - idleLogins);

            scheduleDay.Write(dayIndex, date, agent, absent, trainingSeconds, schedule, agentStates);
            shifts.Text(agent.Id);
            shifts.Date(date);
            shifts.Integer((long)scheduled);
            shifts.Integer((long)paid);
            shifts.Integer((long)loggedIn);
            shifts.EndRow();

            if (loggedIn >= 3_600)
            {
                onDuty.Add(new OnDutyAgent(agent, agent.ShiftStartHour, agent.ShiftStartHour + (paid + 3_599) / 3_600));
            }
        }

        return onDuty;
    }

    /// <summary>
    /// A monthly pulse survey: about 40% of agents answer it, mostly in the first days of the month; scores
    /// follow the team's morale, new joiners are a little happier, and about 30% answer anonymously.
    /// </summary>
    public void WriteEmployeeSurveys(DateOnly date, CsvExtractWriter surveys)
    {
        int month = date.Year * 12 + date.Month - 1;
        int daysInMonth = DateTime.DaysInMonth(date.Year, date.Month);
        DateTime dayStart = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        int sequence = 0;
        foreach (SampleAgent agent in roster.Agents)
        {
            if (!agent.IsEmployedOn(date))
            {
                continue;
            }

            var random = new DeterministicRandom(options.Seed, StreamIds.EmployeeSurveys, agent.Number, month);
            bool answers = random.Chance(0.4);
            int dayOfMonth = 1 + Math.Min(daysInMonth - 1, (int)random.Exponential(5));
            if (!answers || dayOfMonth != date.Day)
            {
                continue;
            }

            double tenureBoost = agent.TenureDays(date) < 60 ? 0.3 : 0;
            double latent = 3.55 + roster.TeamMorale[agent.Team] + tenureBoost + 0.8 * random.Normal();
            bool anonymous = random.Chance(0.3);

            surveys.Text(string.Create(CultureInfo.InvariantCulture, $"E{date:yyyyMMdd}{++sequence:D5}"));
            surveys.Text(agent.TeamId);
            surveys.Text(anonymous ? null : agent.Id);
            surveys.Timestamp(dayStart.AddSeconds(8 * 3_600 + random.Next(12 * 3_600)));
            surveys.Integer((long)Math.Clamp((int)Math.Round(latent), 1, 5));
            surveys.EndRow();
        }
    }

    private static int WriteTraining(DeterministicRandom random, SampleAgent agent, DateOnly date, CsvExtractWriter training)
    {
        bool newHire = agent.TenureDays(date) < 28;
        if (!random.Chance(newHire ? 0.6 : 0.05))
        {
            return 0;
        }

        string course = newHire
            ? OnboardingCourses[random.Next(OnboardingCourses.Length)]
            : RefresherCourses[random.Next(RefresherCourses.Length)];
        decimal hours = newHire ? 4m + 0.5m * random.Next(9) : 1m + 0.25m * random.Next(13);
        agent.Skill = Math.Min(0.95, agent.Skill + (double)hours * SkillPerTrainingHour);

        training.Text(agent.Id);
        training.Date(date);
        training.Text(course);
        training.Decimal(hours);
        training.EndRow();
        return (int)(hours * 3_600);
    }
}
