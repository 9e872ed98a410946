using System.CommandLine;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class ExportCommand
{
    public static Command Create()
    {
        var period = new Option<string?>("--period")
        {
            Description = "The period: a month (2026-10), an ISO week (2026-W43) or a day (2026-10-05). Default: the latest month in the mart.",
        };
        var level = new Option<string>("--level")
        {
            Description = "centre, queue, team or agent.",
            DefaultValueFactory = _ => "centre",
        };
        level.AcceptOnlyFromAmong("centre", "queue", "team", "agent");
        var format = new Option<string[]>("--format")
        {
            Description = "html, xlsx, csv or json; several may follow one --format.",
            DefaultValueFactory = _ => ["html"],
            AllowMultipleArgumentsPerToken = true,
        };
        format.AcceptOnlyFromAmong("html", "xlsx", "csv", "json");
        var output = new Option<string?>("--out")
        {
            Description = "A local file or folder to write to instead of the store's exports/ container.",
        };
        var command = new Command("export",
            "Export the scorecard of a period and level from the mart: HTML pages (the level asked for plus the centre, queue, team and agent pages it links to: strategy map, trend lines, " +
            "definitions, data-quality footer), an Excel workbook, or fct_scorecard as CSV or JSON. Writes to the store's exports/ container; " +
            "file names carry period, level and the mart's build time.")
        {
            period, level, format, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            ExportPeriod? wanted = parse.GetValue(period) is { Length: > 0 } text ? ExportPeriod.Parse(text) : null;
            var exporter = new ScorecardExporter(store);
            ScorecardExport export = await exporter.ReadAsync(wanted, parse.GetValue(level)!, cancellationToken);
            string? outPath = parse.GetValue(output);
            var formats = parse.GetValue(format)!.Distinct().Select(f => Enum.Parse<ExportFormat>(f, ignoreCase: true)).ToList();
            if (outPath is not null && formats.Count > 1 && !Directory.Exists(outPath))
            {
                Directory.CreateDirectory(outPath);
            }

            Console.WriteLine($"Scorecard {export.Period.Text}, {export.Level} level: {export.Members.Count} member(s), {export.Rows.Count()} rows.");
            foreach (ExportFormat f in formats)
            {
                if (f == ExportFormat.Html)
                {
                    // The page of the level asked for, and the other levels' pages it links to, beside it.
                    var levels = await exporter.ReadLevelsAsync(export.Period, cancellationToken: cancellationToken);
                    foreach (string page in await exporter.WritePagesAsync(levels, export.Level, outPath, cancellationToken))
                    {
                        Console.WriteLine($"  html  {page}");
                    }

                    continue;
                }

                Console.WriteLine($"  {f.ToString().ToLowerInvariant(),-5} {await exporter.WriteAsync(export, f, outPath, cancellationToken)}");
            }

            return 0;
        });
        return command;
    }
}
