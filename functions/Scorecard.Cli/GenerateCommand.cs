using System.CommandLine;
using Scorecard.SampleData;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class GenerateCommand
{
    public static readonly Option<int> Days = new("--days") { Description = "Number of days of extracts. Default: whole months ending with last month (--months) when --start is not given, else 30.", DefaultValueFactory = _ => 30 };
    public static readonly Option<int> Agents = new("--agents") { Description = "Number of agents on the roster.", DefaultValueFactory = _ => 60 };
    public static readonly Option<int> ContactsPerDay = new("--contacts-per-day") { Description = "Average contacts offered per day.", DefaultValueFactory = _ => 2_000 };
    public static readonly Option<int> Seed = new("--seed") { Description = "Random seed: the same seed writes the same bytes.", DefaultValueFactory = _ => 42 };
    public static readonly Option<DateOnly?> Start = new("--start") { Description = "First extract date (yyyy-mm-dd). Default: the first day of last month." };
    public static readonly Option<int> Months = new("--months") { Description = "Whole months of extracts, ending with last month, when neither --start nor --days is given.", DefaultValueFactory = _ => 1 };
    public static readonly Option<bool> Gzip = new("--gzip") { Description = "Write .csv.gz instead of .csv." };

    public static Command Create()
    {
        var command = new Command("generate",
            "Write realistic sample extracts for every dataset (telephony contacts, CRM cases/surveys/sales, HR " +
            "agents/shifts/training/esat) into landing/, one file per dataset and day. Deterministic with --seed.")
        {
            Days, Months, Agents, ContactsPerDay, Seed, Start, Gzip,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            await RunAsync(parse, store, parse.GetValue(Months), cancellationToken);
            Console.WriteLine($"Store: {store.Location}");
            return 0;
        });
        return command;
    }

    /// <summary>Generates into <paramref name="store"/>: <paramref name="months"/> whole months ending with last month unless --start or --days says otherwise.</summary>
    public static async Task<GenerateResult> RunAsync(ParseResult parse, IBlobStore store, int months, CancellationToken cancellationToken)
    {
        if (months is < 1 or > 12)
        {
            throw new ArgumentException($"--months must be between 1 and 12 (was {months}).");
        }

        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        DateOnly lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        DateOnly firstMonth = lastMonth.AddMonths(1 - months);
        bool wholeMonths = parse.GetValue(Start) is null && parse.GetResult(Days) is null or { Implicit: true };
        var options = new GeneratorOptions
        {
            StartDate = parse.GetValue(Start) ?? firstMonth,
            Days = wholeMonths ? lastMonth.AddMonths(1).DayNumber - firstMonth.DayNumber : parse.GetValue(Days),
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
