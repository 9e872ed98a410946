using System.CommandLine;
using Scorecard.SampleData;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class GenerateCommand
{
    public static readonly Option<int> Days = new("--days") { Description = "Number of days of extracts. Default: the whole month when --start is not given, else 30.", DefaultValueFactory = _ => 30 };
    public static readonly Option<int> Agents = new("--agents") { Description = "Number of agents on the roster.", DefaultValueFactory = _ => 60 };
    public static readonly Option<int> ContactsPerDay = new("--contacts-per-day") { Description = "Average contacts offered per day.", DefaultValueFactory = _ => 2_000 };
    public static readonly Option<int> Seed = new("--seed") { Description = "Random seed: the same seed writes the same bytes.", DefaultValueFactory = _ => 42 };
    public static readonly Option<DateOnly?> Start = new("--start") { Description = "First extract date (yyyy-mm-dd). Default: the first day of last month." };
    public static readonly Option<bool> Gzip = new("--gzip") { Description = "Write .csv.gz instead of .csv." };

    public static Command Create()
    {
        var command = new Command("generate",
            "Write realistic sample extracts for every dataset (telephony contacts, CRM cases/surveys/sales, HR " +
            "agents/shifts/training/esat) into landing/, one file per dataset and day. Deterministic with --seed.")
        {
            Days, Agents, ContactsPerDay, Seed, Start, Gzip,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            await RunAsync(parse, store, cancellationToken);
            Console.WriteLine($"Store: {store.Location}");
            return 0;
        });
        return command;
    }

    public static async Task<GenerateResult> RunAsync(ParseResult parse, IBlobStore store, CancellationToken cancellationToken)
    {
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        DateOnly lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        bool wholeLastMonth = parse.GetValue(Start) is null && parse.GetResult(Days) is null or { Implicit: true };
        var options = new GeneratorOptions
        {
            StartDate = parse.GetValue(Start) ?? lastMonth,
            Days = wholeLastMonth ? DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month) : parse.GetValue(Days),
            Agents = parse.GetValue(Agents),
            ContactsPerDay = parse.GetValue(ContactsPerDay),
            Seed = parse.GetValue(Seed),
            Compress = parse.GetValue(Gzip),
        };
        var progress = new Progress<string>(message => Console.Error.WriteLine("  " + message));
        GenerateResult result = await new SampleDataGenerator().GenerateAsync(store, options, progress, cancellationToken);
        Console.WriteLine($"Generated {options.Days} days from {options.StartDate:yyyy-MM-dd} ({options.Agents} agents, seed {options.Seed}) into landing/:");
        foreach (var (dataset, rows) in result.RowsByDataset)
        {
            Console.WriteLine($"  {dataset,-20} {rows,12:N0} rows");
        }

        return result;
    }
}
