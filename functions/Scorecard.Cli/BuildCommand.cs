using System.CommandLine;
using System.Globalization;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class BuildCommand
{
    public static readonly Option<int> Wait = new("--wait")
    {
        Description = "Seconds to wait when another build holds the store's build lock, before giving up.",
        DefaultValueFactory = _ => 60,
    };

    public static Command Create()
    {
        var command = new Command("build",
            "Build the mart from the lake: run the SQL models under sql/ (staging -> marts -> scorecard) in DuckDB, " +
            "run every data test, and publish mart/scorecard.duckdb plus each table as Parquet under mart/<table>/. " +
            "One build at a time per store; a failed build keeps the previous mart. Settings: Mart__ServiceLevelThresholdSeconds " +
            "(20), Mart__ShortAbandonSeconds (5), Mart__FcrWindowDays (7), Mart__TargetsPath (a CSV of target overrides).")
        {
            Wait,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            MartBuildRecord record = await RunAsync(store, parse.GetValue(Wait), cancellationToken);
            return record.Succeeded ? 0 : 1;
        });
        return command;
    }

    public static async Task<MartBuildRecord> RunAsync(IBlobStore store, int waitSeconds, CancellationToken cancellationToken)
    {
        var publisher = new MartPublisher(store, CommonOptions.MartOptionsFromEnvironment());
        var progress = new Progress<string>(message => Console.Error.WriteLine("  " + message));
        MartBuildRecord record = await publisher.BuildAsync(TimeSpan.FromSeconds(waitSeconds), progress, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Mart built in {record.DurationMs / 1000.0:0.0} s: {record.ModelsRun} models, {record.DataTestsPassed} data tests passed" +
            $"{(record.DataTestsFailed.Count > 0 ? ", FAILED: " + string.Join(", ", record.DataTestsFailed) : "")}."));
        Console.WriteLine($"Mart: {record.MartLocation}");
        foreach (string export in record.Exports ?? [])
        {
            Console.WriteLine($"Export: {export}");
        }

        if (record.ExportError is not null)
        {
            Console.WriteLine($"Exports not written: {record.ExportError}");
        }
        return record;
    }
}
