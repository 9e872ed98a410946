using System.Globalization;
using CsCheck;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>
/// Property: whatever arrives in whatever order, a mart built incrementally after each delivery holds exactly the
/// tables (and Parquet files) of a full rebuild of the same lake. CsCheck draws seeded, replayable sequences of
/// deliveries: a new day (sometimes with an agent moving team), a corrected re-delivery of an earlier day's contacts
/// (a contact dropped, moved to another day, answered later, given another customer, a new one) and case flags, a
/// late day delivered after the days that follow it, a corrected roster moving an agent or giving one a leaving day
/// (or taking it back), and corrected CRM
/// extracts (a case closed or escalated, moved to another opening day or dropped; a sale's amount, day or agent
/// changed, a sale dropped or added; a survey's scores or day changed, a survey dropped), and a new day's cases
/// extract closing an earlier day's case; a corrected re-delivery of an earlier day's agent states and schedule (a state
/// dropped, changed, moved or added, an activity dropped, changed or lengthened; one agent works a night shift across
/// midnight); each sequence in its own centre time zone (some off the hour) and interval length. 4 sequences by default;
/// <c>SCORECARD_INCREMENTAL_CASES</c> runs more, <c>SCORECARD_INCREMENTAL_SEED</c> replays the seed a failure prints.
/// </summary>
public sealed class IncrementalSequenceTests(ITestOutputHelper output)
{
    private const int HistoryDays = 6;

    /// <summary>Centre time zones: UTC, one a whole number of hours off it, and one 5:45 off it (local intervals start off the UTC hour).</summary>
    private static readonly string[] TimeZones = ["UTC", "America/New_York", "Asia/Kathmandu"];

    private static readonly int[] IntervalLengths = [15, 30, 60];

    private static readonly Gen<Delivery> Step =
        Gen.Select(Gen.Enum<DeliveryKind>(), Gen.Int[0, 1_000_000], (kind, variant) => new Delivery(kind, variant));

    private static readonly Gen<Sequence> Sequences =
        Gen.Select(Gen.Int[1, HistoryDays - 1], Step.Array[2, 4], Gen.Int[0, 2], Gen.Int[0, 2],
            (late, steps, zone, minutes) => new Sequence(late, steps, TimeZones[zone], IntervalLengths[minutes]));

    [Fact]
    public void Incremental_builds_after_any_sequence_of_deliveries_corrections_late_days_and_agent_moves_give_the_tables_of_a_full_rebuild()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("SCORECARD_INCREMENTAL_CASES"), CultureInfo.InvariantCulture, out int n) ? n : 4;
        string? seed = Environment.GetEnvironmentVariable("SCORECARD_INCREMENTAL_SEED");
        int incrementalBuilds = 0;

        Sequences.Sample(sequence =>
        {
            using var bed = new MartTestBed();
            var lake = new SequenceLake(bed, sequence.LateDay);
            for (int day = 0; day < HistoryDays; day++)
            {
                if (day != sequence.LateDay)
                {
                    lake.DeliverDay(day);
                }
            }

            Action<MartOptions> settings = o =>
            {
                o.FcrWindowDays = 2;
                o.TimeZone = sequence.TimeZone;
                o.IntervalMinutes = sequence.IntervalMinutes;
            };
            Assert.False(bed.Build(settings).IsIncremental);
            for (int i = 0; i < sequence.Steps.Length; i++)
            {
                lake.Apply(sequence.Steps[i], i);
                BuildReport report = bed.Build(settings);
                Assert.True(report.Succeeded, string.Join("\n", report.FailedTests.Select(t => t.Describe())));
                Assert.True(report.IsIncremental, report.ModeReason);
                Interlocked.Increment(ref incrementalBuilds);
            }

            using var full = new TempFolder();
            var options = new MartOptions { LakeDirectory = bed.Lake.LakeRoot, MartDirectory = full.Path, SqlDirectory = RepositoryRoot.Sql };
            settings(options);
            MartBuilder.Build(options);
            IncrementalBuildTests.AssertSameTables(bed.DatabasePath, Path.Combine(full.Path, MartBuilder.DatabaseFileName));
            IncrementalDataTestTests.AssertSameCounts(bed.DatabasePath, Path.Combine(full.Path, MartBuilder.DatabaseFileName));
        }, writeLine: output.WriteLine, seed: seed, iter: cases, threads: 1, print: s => s.ToString());

        output.WriteLine($"{cases} sequences, {incrementalBuilds} incremental builds, each sequence's mart equal to its full rebuild");
    }

    public enum DeliveryKind
    {
        NewDay,
        CorrectedDay,
        LateDay,
        AgentMove,
        CorrectedCrm,
        CorrectedWorkforce,
        AgentLeaves,
    }

    public sealed record Delivery(DeliveryKind Kind, int Variant)
    {
        public override string ToString() => $"{Kind}({Variant})";
    }

    public sealed record Sequence(int LateDay, Delivery[] Steps, string TimeZone, int IntervalMinutes)
    {
        public override string ToString() => $"late day {LateDay}, {TimeZone}, {IntervalMinutes} min: {string.Join(", ", Steps.Select(s => s.ToString()))}";
    }

    /// <summary>The lake a sequence writes: which days are delivered, and each delivery as a newer extract.</summary>
    private sealed class SequenceLake(MartTestBed bed, int lateDay)
    {
        private readonly SortedSet<int> _delivered = [];
        private bool _lateDelivered;
        private string _moved = "a3";

        public void DeliverDay(int day)
        {
            WriteDay(day, "020000000");
            _delivered.Add(day);
        }

        public void Apply(Delivery delivery, int index)
        {
            // Each step's extracts are newer than every earlier one (the extract id starts with the date and time).
            string time = string.Create(CultureInfo.InvariantCulture, $"{10 + index:D2}0000000");
            var random = new Random(delivery.Variant);
            switch (delivery.Kind)
            {
                case DeliveryKind.LateDay when !_lateDelivered:
                    _lateDelivered = true;
                    WriteDay(lateDay, time);
                    _delivered.Add(lateDay);
                    break;
                case DeliveryKind.CorrectedDay:
                    Correct(_delivered.ElementAt(random.Next(_delivered.Count)), random, time);
                    break;
                case DeliveryKind.CorrectedCrm:
                    CorrectCrm(_delivered.ElementAt(random.Next(_delivered.Count)), random, time);
                    break;
                case DeliveryKind.CorrectedWorkforce:
                    CorrectWorkforce(_delivered.ElementAt(random.Next(_delivered.Count)), random, time);
                    break;
                case DeliveryKind.AgentLeaves:
                    // A corrected roster gives a1 a leaving day (any delivered day) or takes it back: left_date changes
                    // on every one of a1's agent days, which the KPI scope leaves out (scope_ignores in kpis.yml).
                    int newest = _delivered.Max;
                    string? leaves = random.Next(4) == 0 ? null : Date(_delivered.ElementAt(random.Next(_delivered.Count)));
                    bed.Lake.Write(ExtractContracts.Agents, Date(newest), Roster(newest, null, a1Leaves: leaves), hash: "dddddddddddd", time: time);
                    break;
                case DeliveryKind.AgentMove:
                    _moved = _moved == "a3" ? "a2" : "a3";
                    int latest = _delivered.Max;
                    bed.Lake.Write(ExtractContracts.Agents, Date(latest), Roster(latest, random.Next(3) == 0 ? _moved : null), hash: "cccccccccccc", time: time);
                    break;
                default:
                    int next = _delivered.Max + 1;
                    WriteDay(next, time, movedAgent: random.Next(3) == 0 ? "a2" : null,
                        closing: random.Next(2) == 0 ? _delivered.ElementAt(random.Next(_delivered.Count)) : null);
                    _delivered.Add(next);
                    break;
            }
        }

        private void Correct(int day, Random random, string time)
        {
            var contacts = Contacts(day);
            int changes = 1 + random.Next(3);
            for (int c = 0; c < changes; c++)
            {
                int i = random.Next(contacts.Count);
                switch (random.Next(5))
                {
                    case 0:
                        contacts.RemoveAt(i);
                        break;
                    case 1:
                        // Delivered again on another day: it moves there (the newer extract wins).
                        int other = _delivered.ElementAt(random.Next(_delivered.Count));
                        contacts[i] = Answered((string)contacts[i]["contact_id"]!, agent: "a1", customer: (string?)contacts[i]["customer_id"], offeredAt: Morning.AddDays(other).AddHours(10));
                        break;
                    case 2:
                        contacts[i] = Answered((string)contacts[i]["contact_id"]!, waitSeconds: 300, agent: "a2", customer: (string?)contacts[i]["customer_id"], offeredAt: (DateTimeOffset)contacts[i]["offered_at"]!);
                        break;
                    case 3:
                        contacts[i]["customer_id"] = $"cust-{random.Next(41)}";
                        break;
                    default:
                        contacts.Add(Answered($"d{day}-x{random.Next(1000)}", agent: "a3", customer: $"cust-{random.Next(41)}", offeredAt: Morning.AddDays(day).AddHours(8).AddMinutes(random.Next(60))));
                        break;
                }
            }

            bed.Lake.Write(ExtractContracts.Contacts, Date(day), contacts.DistinctBy(c => c["contact_id"]).ToList(), hash: "dddddddddddd", time: time);
            if (random.Next(2) == 0)
            {
                var cases = Cases(day);
                cases[0]["resolved_first_contact"] = random.Next(2) == 0 ? false : null;
                bed.Lake.Write(ExtractContracts.Cases, Date(day), cases, hash: "dddddddddddd", time: time);
            }
        }

        /// <summary>An earlier day's agent states and schedule delivered again with a few changes.</summary>
        private void CorrectWorkforce(int day, Random random, string time)
        {
            var states = States(day);
            var schedule = Schedule(day);
            int changes = 1 + random.Next(3);
            for (int c = 0; c < changes; c++)
            {
                int s = random.Next(states.Count);
                int a = random.Next(schedule.Count);
                switch (random.Next(7))
                {
                    case 0:
                        states.RemoveAt(s);
                        break;
                    case 1:
                        states[s]["state"] = random.Next(2) == 0 ? "break" : "available";
                        break;
                    case 2:
                        states[s]["changed_at"] = ((DateTimeOffset)states[s]["changed_at"]!).AddMinutes(random.Next(-90, 91));
                        break;
                    case 3:
                        states.Add(AgentState($"a{1 + random.Next(3)}", Midnight(day).AddMinutes(random.Next(30 * 60)), "on_contact"));
                        break;
                    case 4:
                        schedule[a]["activity"] = "training";
                        break;
                    case 5:
                        schedule.RemoveAt(a);
                        break;
                    default:
                        schedule[a]["ends_at"] = ((DateTimeOffset)schedule[a]["ends_at"]!).AddMinutes(30 + random.Next(60));
                        break;
                }
            }

            string date = Date(day);
            bed.Lake.Write(ExtractContracts.AgentStates, date, states.DistinctBy(r => (r["agent_id"], r["changed_at"])).ToList(), hash: "dddddddddddd", time: time);
            bed.Lake.Write(ExtractContracts.Schedule, date, schedule, hash: "dddddddddddd", time: time);
        }

        /// <summary>A corrected re-delivery of one day's CRM extracts: cases, sales and surveys changed, moved, dropped or added.</summary>
        private void CorrectCrm(int day, Random random, string time)
        {
            var cases = Cases(day);
            foreach (var row in cases)
            {
                switch (random.Next(5))
                {
                    case 0:
                        // Closed on a later day: the case counts as closed on that day now.
                        row["status"] = random.Next(2) == 0 ? "resolved" : "escalated";
                        row["closed_at"] = ((DateTimeOffset)row["opened_at"]!).AddDays(1 + random.Next(2)).AddHours(1);
                        break;
                    case 1:
                        // Opened on another day than first delivered: it moves between opening days.
                        row["opened_at"] = Morning.AddDays(_delivered.ElementAt(random.Next(_delivered.Count))).AddHours(9);
                        break;
                    default:
                        break;
                }
            }

            if (cases.Count > 1 && random.Next(3) == 0)
            {
                // A case the CRM no longer reports (an older extract may still hold it).
                cases.RemoveAt(random.Next(cases.Count));
            }

            Write(ExtractContracts.Cases, day, cases, time);

            var sales = Sales(day);
            foreach (var row in sales)
            {
                switch (random.Next(5))
                {
                    case 0:
                        row["amount"] = 10m + random.Next(90);
                        break;
                    case 1:
                        row["sold_at"] = Morning.AddDays(_delivered.ElementAt(random.Next(_delivered.Count))).AddHours(11);
                        break;
                    case 2:
                        row["agent_id"] = random.Next(2) == 0 ? "a2" : "a3";
                        break;
                    default:
                        break;
                }
            }

            switch (random.Next(3))
            {
                case 0 when sales.Count > 1:
                    sales.RemoveAt(random.Next(sales.Count));
                    break;
                case 1:
                    sales.Add(Sale($"d{day}-s-new{random.Next(1000)}", $"d{day}-c{random.Next(16)}", 55m, "a1", Morning.AddDays(day).AddHours(12)));
                    break;
                default:
                    break;
            }

            Write(ExtractContracts.Sales, day, sales, time);

            var surveys = Surveys(day);
            foreach (var row in surveys)
            {
                switch (random.Next(4))
                {
                    case 0:
                        row["csat"] = 1 + random.Next(5);
                        row["nps"] = random.Next(2) == 0 ? null : random.Next(11);
                        break;
                    case 1:
                        row["responded_at"] = Morning.AddDays(_delivered.ElementAt(random.Next(_delivered.Count))).AddHours(13);
                        break;
                    default:
                        break;
                }
            }

            if (surveys.Count > 1 && random.Next(3) == 0)
            {
                surveys.RemoveAt(random.Next(surveys.Count));
            }

            Write(ExtractContracts.Surveys, day, surveys, time);
        }

        private void Write(DatasetContract contract, int day, List<Dictionary<string, object?>> rows, string time) =>
            bed.Lake.Write(contract, Date(day), rows.Select(r => (IReadOnlyDictionary<string, object?>)r).ToList(), hash: "eeeeeeeeeeee", time: time);

        private void WriteDay(int day, string time, string? movedAgent = null, int? closing = null)
        {
            string date = Date(day);
            bed.Lake.Write(ExtractContracts.Agents, date, Roster(day, movedAgent), hash: "bbbbbbbbbbbb", time: time);
            var contacts = Contacts(day);
            bed.Lake.Write(ExtractContracts.Contacts, date, contacts, hash: "bbbbbbbbbbbb", time: time);
            var cases = Cases(day);
            if (closing is int earlier)
            {
                // An earlier day's case closed today arrives in today's extract: its newer row wins over the earlier one.
                var closed = Cases(earlier)[0];
                closed["status"] = "resolved";
                closed["closed_at"] = Morning.AddDays(day).AddHours(7);
                cases.Add(closed);
            }

            bed.Lake.Write(ExtractContracts.Cases, date, cases, hash: "bbbbbbbbbbbb", time: time);
            bed.Lake.Write(ExtractContracts.Sales, date, Sales(day).Select(r => (IReadOnlyDictionary<string, object?>)r).ToList(), hash: "bbbbbbbbbbbb", time: time);
            bed.Lake.Write(ExtractContracts.Surveys, date, Surveys(day).Select(r => (IReadOnlyDictionary<string, object?>)r).ToList(), hash: "bbbbbbbbbbbb", time: time);
            bed.Lake.Write(ExtractContracts.Shifts, date, new[] { "a1", "a2", "a3" }.Select(a => (IReadOnlyDictionary<string, object?>)Shift(a, date)).ToList(), hash: "bbbbbbbbbbbb", time: time);
            bed.Lake.Write(ExtractContracts.EmployeeSurveys, date, [Esat($"e{day}", 1 + day % 5, team: day % 2 == 0 ? "t1" : "t2", respondedAt: Morning.AddDays(day))], hash: "bbbbbbbbbbbb", time: time);
            bed.Lake.Write(ExtractContracts.Schedule, date, Schedule(day), hash: "bbbbbbbbbbbb", time: time);
            bed.Lake.Write(ExtractContracts.AgentStates, date, States(day), hash: "bbbbbbbbbbbb", time: time);
        }

        private static List<IReadOnlyDictionary<string, object?>> Roster(int day, string? moved, string? a1Leaves = null) =>
        [
            Agent("a1", team: "t1", left: a1Leaves),
            Agent("a2", team: moved == "a2" ? "t2" : "t1"),
            Agent("a3", team: moved == "a3" ? "t1" : "t2", hourlyCost: 25m + day % 2),
        ];
    }

    private static string Date(int day) => Morning.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Midnight(int day) => Morning.AddDays(day).AddHours(-9);

    /// <summary>Shifts (start hour, hours) of a1 and a2 by day, and a3 by night, across midnight UTC.</summary>
    private static readonly (string Agent, int StartHour, int Hours)[] WorkShifts = [("a1", 9, 8), ("a2", 13, 8), ("a3", 20, 8)];

    private static List<Dictionary<string, object?>> Schedule(int day) =>
        WorkShifts.SelectMany(s => ShiftActivities(s.Agent, Midnight(day).AddHours(s.StartHour), s.Hours)).ToList();

    private static List<Dictionary<string, object?>> States(int day) =>
        WorkShifts.SelectMany(s => ShiftStates(s.Agent, Midnight(day).AddHours(s.StartHour), s.Hours, day, logsOut: !(s.Agent == "a2" && day % 3 == 0))).ToList();

    private static List<Dictionary<string, object?>> Contacts(int day)
    {
        string[] channels = ["voice", "voice", "chat", "email"];
        string[] agents = ["a1", "a2", "a3"];
        var contacts = new List<Dictionary<string, object?>>();
        for (int i = 0; i < 16; i++)
        {
            string id = $"d{day}-c{i}";
            string channel = channels[i % channels.Length];
            DateTimeOffset offered = Morning.AddDays(day).AddMinutes(i * 17);
            string customer = $"cust-{(day * 16 + i) % 29}";
            contacts.Add(i % 6 == 3
                ? Abandoned(id, waitSeconds: 2 + i, channel: channel, queue: $"q-{channel}", customer: customer, offeredAt: offered)
                : Answered(id, waitSeconds: 5 + (i * 3 % 40), channel: channel, queue: $"q-{channel}", agent: agents[(i + day) % agents.Length],
                    customer: customer, offeredAt: offered, talkSeconds: 60 + i * 10, holdSeconds: i % 3 * 5));
        }

        return contacts;
    }

    private static List<Dictionary<string, object?>> Sales(int day) => SalesOf(Contacts(day), day);

    private static List<Dictionary<string, object?>> Surveys(int day) => SurveysOf(Contacts(day), day);

    private static List<Dictionary<string, object?>> Cases(int day) =>
        Contacts(day).Where((c, i) => i % 5 == 0 && (string)c["outcome"]! != "abandoned").Select((c, i) => Case(
            $"{c["contact_id"]}-k", (string)c["customer_id"]!, (string)c["contact_id"]!, resolvedFirstContact: i % 2 == 0 ? true : null,
            openedAt: ((DateTimeOffset)c["offered_at"]!).AddMinutes(2))).ToList();
}
