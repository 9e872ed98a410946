using System.CommandLine;
using System.Globalization;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Cli;

internal static class ExplainCommand
{
    public static Command Create()
    {
        var kpi = new Option<string>("--kpi") { Description = "KPI id, e.g. service_level ('scorecard kpis' lists them).", Required = true };
        var period = new Option<string>("--period") { Description = "A month (2026-11), an ISO week (2026-W45) or a day (2026-11-05).", Required = true };
        var level = new Option<string>("--level") { Description = "centre, queue, team or agent.", DefaultValueFactory = _ => "centre" };
        level.AcceptOnlyFromAmong(KpiRegistry.LevelNames.ToArray());
        var member = new Option<string?>("--member") { Description = "The queue, team or agent id (not needed at centre level), e.g. T02." };
        var output = new Option<string?>("--out")
        {
            Description = "CSV file for the rows. Default: explain_<kpi>_<period>_<level>_<member>.csv in the current folder.",
        };
        var command = new Command("explain",
            "Trace one number of the scorecard to its rows: print the KPI's numerator and denominator for the period, level and " +
            "member, and write every row that counts (its id, the measures the formula reads, its own numerator and denominator, " +
            "the lake file and the row of the landing file it came from) as CSV. The CSV's numerator and denominator columns sum " +
            "to the totals printed.")
        {
            kpi, period, level, member, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string levelName = parse.GetValue(level)!;
            string? memberId = parse.GetValue(member);
            if (levelName != "centre" && string.IsNullOrWhiteSpace(memberId))
            {
                throw new ArgumentException($"--member is required at {levelName} level (a {levelName} id).");
            }

            IBlobStore store = await CommonOptions.OpenStoreAsync(parse, cancellationToken);
            MartOptions options = CommonOptions.MartOptionsFromEnvironment();
            string sqlRoot = options.SqlDirectory ?? SqlDirectoryLocator.Find();
            KpiRegistry registry = KpiRegistry.Load(options.KpiRegistryPath ?? Path.Combine(sqlRoot, "kpis.yml"));
            ExportPeriod wanted = ExportPeriod.Parse(parse.GetValue(period)!);
            string kpiId = parse.GetValue(kpi)!;
            string csvPath = Path.GetFullPath(parse.GetValue(output)
                ?? $"explain_{kpiId}_{wanted.Text}_{levelName}_{(levelName == "centre" ? "centre" : memberId)}.csv");

            await using MartFile mart = await MartFile.OpenAsync(store, cancellationToken);
            KpiExplanation result;
            await using (var csv = new StreamWriter(csvPath, append: false, new System.Text.UTF8Encoding(false)))
            {
                result = KpiExplainer.Explain(mart.Directory, registry, kpiId, wanted, levelName, memberId ?? "centre", csv);
            }

            Print(result, csvPath);
            return 0;
        });
        return command;
    }

    private static void Print(KpiExplanation e, string csvPath)
    {
        static string N(double? v) => v is { } d ? d.ToString("0.######", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine($"{e.Kpi.Label} ({e.Kpi.Id}), {e.PeriodGrain} {e.PeriodStart:yyyy-MM-dd}..{e.PeriodEnd:yyyy-MM-dd}, {e.Level} {e.MemberId}");
        Console.WriteLine($"  {e.Kpi.Definition}");
        Console.WriteLine($"  rows:        {e.Relation} where {e.DateColumn} is in the period" + (e.MemberColumn is null ? "" : $" and {e.MemberColumn} = '{e.MemberId}'"));
        Console.WriteLine($"  numerator:   {N(e.Numerator)}   = {e.Kpi.Numerator}");
        if (e.Kpi.Denominator is not null)
        {
            Console.WriteLine($"  denominator: {N(e.Denominator)}   = {e.Kpi.Denominator}");
            Console.WriteLine($"  value:       {N(e.Value)} {e.Kpi.Unit}   = numerator / denominator x {e.Kpi.Scale.ToString(CultureInfo.InvariantCulture)}");
        }
        else
        {
            Console.WriteLine($"  value:       {N(e.Value)} {e.Kpi.Unit}   = numerator");
        }

        Console.WriteLine(e.IsPublishedAtLevel
            ? $"  published:   {N(e.PublishedValue)} in scorecard.fct_kpi" + (e.PublishedValue is { } p && e.Value is { } v && Math.Abs(p - v) > 1e-9 * Math.Max(1, Math.Abs(v)) ? "  (DIFFERS: rebuild the mart?)" : "")
            : $"  published:   not at this level or grain (the KPI is published at {string.Join(", ", e.Kpi.Levels)} x {string.Join(", ", e.Kpi.Periods)}); computed here from the same rows");
        Console.WriteLine($"  {e.RowCount:N0} rows that count written to {csvPath}" +
            (e.RowsAddUp ? " (their numerator and denominator columns sum to the totals)" : " (this KPI counts distinct members, so the rows' columns do not add up to the totals)"));
    }
}
