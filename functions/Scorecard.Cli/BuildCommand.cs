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

    public static readonly Option<bool> Full = new("--full")
    {
        Description = "Rebuild every table from the lake, even when an incremental build (only the dates and KPI periods " +
            "that new or corrected extracts affect) is possible.",
    };

    public static Command Create()
    {
        var command = new Command("build",
            "Build the mart from the lake: run the SQL models under sql/ (staging -> marts -> scorecard) in DuckDB, " +
            "run every data test, and publish mart/scorecard_mart.duckdb plus each table as Parquet under mart/<table>/. " +
            "Incremental by default: after new or corrected extracts only the affected dates and KPI periods are " +
            "recomputed; a changed SQL model, KPI registry, targets file or setting, or --full, rebuilds everything. " +
            "One build at a time per store; a failed build keeps the previous mart. Settings: Mart__ServiceLevelThresholdSeconds " +
            "(20), Mart__ShortAbandonSeconds (5), Mart__FcrWindowDays (7), Mart__TargetsPath (a CSV of target overrides), " +
            "Mart__Currency (EUR: the ISO 4217 currency of sales and costs, shown beside money).")
        {
            Wait,
            Full,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            MartBuildRecord record = await RunAsync(store, parse.GetValue(Wait), cancellationToken, parse.GetValue(Full));
            return record.Succeeded ? 0 : 1;
        });
        return command;
    }

    public static async Task<MartBuildRecord> RunAsync(IBlobStore store, int waitSeconds, CancellationToken cancellationToken, bool full = false)
    {
        MartOptions options = CommonOptions.MartOptionsFromEnvironment();
        options.FullRebuild |= full;
        var publisher = new MartPublisher(store, options);
        var progress = new Progress<string>(message => Console.Error.WriteLine("  " + message));
        MartBuildRecord record = await publisher.BuildAsync(TimeSpan.FromSeconds(waitSeconds), progress, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Mart built in {record.DurationMs / 1000.0:0.0} s: {record.ModelsRun} models, {record.DataTestsPassed} data tests passed" +
            $"{(record.DataTestsFailed.Count > 0 ? ", FAILED: " + string.Join(", ", record.DataTestsFailed) : "")}."));
        Console.WriteLine(record.BuildMode == "incremental"
            ? $"Incremental build ({record.BuildModeReason}): recomputed contact dates {(record.AffectedDates is { Count: > 0 } dates ? string.Join(", ", dates) : "none")}, {record.AffectedPeriods} KPI period(s)."
            : $"Full build: {record.BuildModeReason}.");
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
