using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>
/// One build over a small but varied lake - ten days, every dataset, two teams, a team change, every channel,
/// abandons, transfers, sales, flagged and unflagged FCR, a corrected extract beside its older version - shared by
/// the data-test cases.
/// </summary>
public sealed class RepresentativeMartFixture : IDisposable
{
    private readonly MartTestBed _bed = new();

    public RepresentativeMartFixture()
    {
        string[] agents = ["a1", "a2", "a3", "a4"];
        string[] channels = ["voice", "voice", "voice", "chat", "email", "social"];
        for (int day = 0; day < 10; day++)
        {
            string date = Morning.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            _bed.Lake.Write(ExtractContracts.Agents, date,
            [
                Agent("a1", team: "t1"),
                Agent("a2", team: "t1"),
                Agent("a3", team: day < 5 ? "t1" : "t2", hourlyCost: 25m),
                Agent("a4", team: "t2", left: "2026-10-08"),
            ]);

            var contacts = new List<IReadOnlyDictionary<string, object?>>();
            var sales = new List<IReadOnlyDictionary<string, object?>>();
            var surveys = new List<IReadOnlyDictionary<string, object?>>();
            var cases = new List<IReadOnlyDictionary<string, object?>>();
            for (int i = 0; i < 24; i++)
            {
                string id = $"d{day}-c{i}";
                string channel = channels[i % channels.Length];
                string queue = $"q-{channel}";
                DateTimeOffset offered = Morning.AddDays(day).AddMinutes(i * 13);
                string customer = $"cust-{(day * 24 + i) % 37}";
                if (i % 7 == 3)
                {
                    contacts.Add(Abandoned(id, waitSeconds: 2 + i, channel: channel, queue: queue, customer: customer, offeredAt: offered));
                    continue;
                }

                string agent = agents[(i + day) % (day >= 8 ? 3 : 4)];
                contacts.Add(Answered(id, waitSeconds: 5 + (i * 3 % 40), channel: channel, queue: queue, agent: agent, customer: customer,
                    offeredAt: offered, talkSeconds: 60 + i * 10, holdSeconds: i % 3 * 5, acwSeconds: 15, outcome: i % 11 == 0 ? "transferred" : "answered"));
                if (i % 4 == 0)
                {
                    sales.Add(Sale($"{id}-s1", id, 40m + i, agent, offered.AddMinutes(3)));
                }

                if (i % 5 == 0)
                {
                    surveys.Add(Survey($"{id}-r", id, csat: 1 + i % 5, nps: i % 11, respondedAt: offered.AddHours(2)));
                }

                if (i % 6 == 0)
                {
                    cases.Add(Case($"{id}-k", customer, id, resolvedFirstContact: i % 12 == 0 ? true : null, complaint: i % 18 == 0,
                        status: i % 12 == 0 ? "resolved" : "open", openedAt: offered.AddMinutes(2), closedAt: i % 12 == 0 ? offered.AddDays(1) : null));
                }
            }

            _bed.Lake.Write(ExtractContracts.Contacts, date, contacts, hash: "bbbbbbbbbbbb", time: "020000000");
            _bed.Lake.Write(ExtractContracts.Sales, date, sales);
            _bed.Lake.Write(ExtractContracts.Surveys, date, surveys);
            _bed.Lake.Write(ExtractContracts.Cases, date, cases);
            _bed.Lake.Write(ExtractContracts.Shifts, date, agents.Take(day >= 8 ? 3 : 4).Select(a => (IReadOnlyDictionary<string, object?>)Shift(a, date)).ToList());
            _bed.Lake.Write(ExtractContracts.EmployeeSurveys, date, [Esat($"e{day}", 1 + day % 5, team: day % 2 == 0 ? "t1" : "t2", respondedAt: Morning.AddDays(day))]);
        }

        // An older version of the first day's contacts, still visible beside its correction.
        _bed.Lake.Write(ExtractContracts.Contacts, "2026-10-01", [Answered("stale-1"), Answered("d0-c0", waitSeconds: 999)], hash: "aaaaaaaaaaaa", time: "010000000");
        _bed.Lake.Write(ExtractContracts.Training, "2026-10-05", [Training("a1", "2026-10-05", 3m), Training("a3", "2026-10-05", 1.5m, "coaching")]);

        Report = _bed.Build(o => o.FailOnDataTestFailure = false);
    }

    public BuildReport Report { get; }

    public MartTestBed Bed => _bed;

    public void Dispose() => _bed.Dispose();
}
