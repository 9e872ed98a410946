using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Scorecard.Pipeline.Workforce;

namespace Scorecard.Cli;

internal static class StaffingCommand
{
    public static Command Create()
    {
        var offered = new Option<double>("--offered") { Description = "Contacts offered in the interval.", Required = true };
        var intervalMinutes = new Option<double>("--interval-minutes") { Description = "Length of the interval in minutes.", DefaultValueFactory = _ => 30 };
        var aht = new Option<double>("--aht") { Description = "Average handle time in seconds (talk + hold + after-contact work).", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "Service-level threshold T in seconds: answered within T counts as met.", DefaultValueFactory = _ => 20 };
        var slTarget = new Option<double?>("--sl-target") { Description = "Service-level target in % (80 for 80% within the threshold): print the agents it needs." };
        var asaTarget = new Option<double?>("--asa-target") { Description = "Keep the average speed of answer at most this many seconds (alone, or with --sl-target)." };
        var maxOccupancy = new Option<double?>("--max-occupancy") { Description = "With --sl-target: also keep occupancy at most this % (e.g. 85)." };
        var agents = new Option<int?>("--agents") { Description = "Agents on contacts: print the service level, ASA, probability of waiting and occupancy they give." };
        var shrinkage = new Option<double>("--shrinkage")
        {
            Description = "Shrinkage in %: share of paid time not available for contacts (breaks, training, meetings, absence). Default 30.",
            DefaultValueFactory = _ => ErlangC.DefaultShrinkage * 100,
        };
        var command = new Command("staffing",
            "Erlang C for one interval: the agents needed for a service-level target (--sl-target), or the figures a given " +
            "number of agents gives (--agents); agents to schedule after shrinkage; a table, then one JSON line.")
        {
            offered, intervalMinutes, aht, threshold, slTarget, asaTarget, maxOccupancy, agents, shrinkage,
        };
        command.SetAction(parse =>
        {
            var question = new StaffingQuestion(parse.GetValue(offered), parse.GetValue(intervalMinutes) * 60, parse.GetValue(aht), parse.GetValue(threshold));
            question.Validate();
            double shrink = parse.GetValue(shrinkage) / 100;
            double? target = parse.GetValue(slTarget);
            double? asa = parse.GetValue(asaTarget);
            int? given = parse.GetValue(agents);
            bool sizing = target is not null || asa is not null;
            if (sizing == given is not null)
            {
                throw new ArgumentException("Give exactly one of --sl-target or --asa-target (agents needed) and --agents (figures for that many agents).");
            }

            StaffingFigures result;
            IEnumerable<StaffingFigures> rows;
            if (sizing)
            {
                var staffingTarget = new StaffingTarget((target ?? 0) / 100, asa, parse.GetValue(maxOccupancy) / 100);
                result = ErlangC.RequiredAgents(question, staffingTarget);
                int first = Math.Max(Math.Max(1, result.Agents - 9), (int)Math.Floor(question.TrafficErlangs) + 1);
                rows = Enumerable.Range(first, Math.Max(0, result.Agents - first + 2)).Select(n => ErlangC.Evaluate(question, n));
            }
            else
            {
                result = ErlangC.Evaluate(question, given!.Value);
                rows = [result];
            }

            int scheduled = ErlangC.ScheduledAgents(result.Agents, shrink);
            Console.WriteLine($"Traffic {question.TrafficErlangs:0.###} erlangs ({question.OfferedContacts:0.##} contacts × {question.AverageHandleSeconds:0.#} s ÷ {question.IntervalSeconds:0} s)");
            Console.WriteLine($"{"agents",6}  {"P(wait)",8}  {"SL",7}  {"ASA s",9}  {"occupancy",9}");
            foreach (StaffingFigures row in rows)
            {
                string mark = row.Agents == result.Agents ? (sizing ? "  <- required" : "  <- given") : "";
                Console.WriteLine($"{row.Agents,6}  {Percent(row.ProbabilityOfWaiting),8}  {Percent(row.ServiceLevel),7}  {Seconds(row.AverageSpeedOfAnswerSeconds),9}  {Percent(row.Occupancy),9}{mark}");
            }

            Console.WriteLine($"{result.Agents} agents on contacts; with {shrink:0.#%} shrinkage schedule {scheduled}.");
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["offered"] = question.OfferedContacts,
                ["interval_minutes"] = question.IntervalSeconds / 60,
                ["aht_seconds"] = question.AverageHandleSeconds,
                ["threshold_seconds"] = question.ThresholdSeconds,
                ["sl_target"] = target / 100,
                ["asa_target_seconds"] = asa,
                ["traffic_erlangs"] = Math.Round(question.TrafficErlangs, 6),
                ["agents"] = result.Agents,
                ["service_level"] = Math.Round(result.ServiceLevel, 6),
                ["asa_seconds"] = double.IsFinite(result.AverageSpeedOfAnswerSeconds) ? Math.Round(result.AverageSpeedOfAnswerSeconds, 4) : null,
                ["probability_of_waiting"] = Math.Round(result.ProbabilityOfWaiting, 6),
                ["occupancy"] = Math.Round(result.Occupancy, 6),
                ["shrinkage"] = shrink,
                ["scheduled_agents"] = scheduled,
            }));
            return 0;
        });
        return command;
    }

    private static string Percent(double fraction) => fraction.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => double.IsFinite(seconds) ? seconds.ToString("0.0", CultureInfo.InvariantCulture) : "inf";
}
