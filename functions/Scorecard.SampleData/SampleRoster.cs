namespace Scorecard.SampleData;

/// <summary>
/// Everyone who works at the generated centre during the run: the starting head count in teams of about 11 over
/// two sites, leavers (about 3% a month) and the new hires who replace them a week or three later.
/// </summary>
internal sealed class SampleRoster
{
    /// <summary>Share of the head count that leaves in a month.</summary>
    private const double MonthlyAttrition = 0.03;

    private static readonly double[] ShiftStartWeights = Cumulative([2, 2, 1.5, 1, 1, 1.5, 2]);

    private readonly List<SampleAgent> _agents = [];
    private readonly int _teams;

    public SampleRoster(GeneratorOptions options)
    {
        var random = new DeterministicRandom(options.Seed, StreamIds.Roster);
        _teams = Math.Max(1, (int)Math.Round(options.Agents / 11.0));
        TeamMorale = [.. Enumerable.Range(0, _teams).Select(_ => Math.Clamp(0.45 * random.Normal(), -0.9, 0.9))];
        for (int i = 0; i < options.Agents; i++)
        {
            // About one in twenty starts the run still in onboarding; the rest have months or years of tenure.
            int tenure = random.Chance(0.05) ? 3 + random.Next(25) : 30 + random.Next(1_100);
            double experience = Math.Min(1.0, tenure / 730.0);
            double skill = tenure < 30
                ? 0.15 + 0.15 * random.NextDouble()
                : Math.Clamp(0.35 + 0.45 * experience + 0.08 * random.Normal(), 0.2, 0.95);
            decimal cost = 18m + (decimal)Math.Round(10 * Math.Min(1.0, tenure / 1_095.0) + 4 * random.NextDouble(), 2);
            Hire(random, i % _teams, options.StartDate.AddDays(-tenure), cost, skill);
        }

        // Leavers: the expected number for the run (rounded at random), each on a random day, each replaced
        // by a new hire a week or three later when that falls within the run.
        double expected = options.Agents * MonthlyAttrition * options.Days / 30.0;
        int leavers = (int)expected + (random.Chance(expected - Math.Floor(expected)) ? 1 : 0);
        for (int n = 0; n < leavers; n++)
        {
            DateOnly date = options.StartDate.AddDays(random.Next(options.Days));
            List<SampleAgent> employed = [.. _agents.Where(a => a.IsEmployedOn(date) && a.LeftOn is null && a.HiredOn < date)];
            if (employed.Count == 0)
            {
                continue;
            }

            SampleAgent leaver = employed[random.Next(employed.Count)];
            leaver.LeftOn = date;
            DateOnly hiredOn = date.AddDays(7 + random.Next(15));
            if (hiredOn <= options.EndDate && _agents.Count < 9_999)
            {
                decimal cost = 18m + (decimal)Math.Round(3 * random.NextDouble(), 2);
                Hire(random, leaver.Team, hiredOn, cost, 0.15 + 0.15 * random.NextDouble());
            }
        }
    }

    /// <summary>Every agent ever employed during the run, in id order.</summary>
    public IReadOnlyList<SampleAgent> Agents => _agents;

    /// <summary>Per team: a shift of employee satisfaction, so ESAT differs by team.</summary>
    public IReadOnlyList<double> TeamMorale { get; }

    public static string TeamId(int team) => $"T{team + 1:D2}";

    private static string SiteOf(int team) => team % 2 == 0 ? "S01" : "S02";

    private void Hire(DeterministicRandom random, int team, DateOnly hiredOn, decimal cost, double skill)
    {
        int number = _agents.Count + 1;
        _agents.Add(new SampleAgent(number, team, SiteOf(team), hiredOn, cost, skill)
        {
            // Four in ten agents are off at the weekend; the rest rotate through the week.
            FirstDayOff = (number % 10) switch
            {
                < 4 => DayOfWeek.Saturday,
                4 => DayOfWeek.Sunday,
                5 => DayOfWeek.Monday,
                6 => DayOfWeek.Tuesday,
                7 => DayOfWeek.Wednesday,
                8 => DayOfWeek.Thursday,
                _ => DayOfWeek.Friday,
            },
            ShiftStartHour = 7 + random.Pick(ShiftStartWeights),
            ScheduledSeconds = random.Chance(0.1) ? 6 * 3_600 : 8 * 3_600,
        });
    }

    internal static double[] Cumulative(ReadOnlySpan<double> weights)
    {
        var cumulative = new double[weights.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        return cumulative;
    }
}
