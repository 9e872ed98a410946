using System.Text.RegularExpressions;
using Scorecard.Pipeline.Exports;
using Scorecard.SampleData;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>
/// A small mart whose extracts name a team, an agent and a queue with markup or a spreadsheet formula: generated data
/// (three days, two teams) with those ids rewritten in every landing CSV, then ingested and built like any delivery.
/// </summary>
public sealed class HostileNamesMartFixture : IDisposable
{
    public const string ScriptTeam = "<script>alert(1)</script>";
    public const string FormulaTeam = "@SUM(1+1)";
    public const string ImageAgent = "\"><img src=x onerror=alert(1)>";
    public const string FormulaAgent = "-2+3";
    public const string FormulaQueue = "=HYPERLINK(\"http://evil.example\",\"x\")";

    /// <summary>Generated id -> hostile id.</summary>
    public static IReadOnlyDictionary<string, string> Renamed { get; } = new Dictionary<string, string>
    {
        ["T01"] = ScriptTeam,
        ["T02"] = FormulaTeam,
        ["A0001"] = ImageAgent,
        ["A0002"] = FormulaAgent,
        ["billing_en"] = FormulaQueue,
    };

    private readonly TempFolder _folder = new();

    public HostileNamesMartFixture()
    {
        Store = new LocalFolderStore(_folder.Path);
        GeneratedMart.BuildAsync(Store, new GeneratorOptions
        {
            StartDate = new DateOnly(2026, 10, 1), Days = 3, Agents = 22, ContactsPerDay = 150,
        }, RenameInLanding).GetAwaiter().GetResult();
        Exporter = new ScorecardExporter(Store);
        Levels = Exporter.ReadLevelsAsync(null).GetAwaiter().GetResult();
    }

    public LocalFolderStore Store { get; }

    public ScorecardExporter Exporter { get; }

    /// <summary>The latest month at centre, queue, team and agent level.</summary>
    public IReadOnlyList<ScorecardExport> Levels { get; }

    public TempFolder Scratch { get; } = new();

    public ScorecardExport Level(string level) => Levels.Single(l => l.Level == level);

    public void Dispose()
    {
        Scratch.Dispose();
        _folder.Dispose();
    }

    /// <summary>Rewrites the generated ids in every landing CSV as quoted hostile names.</summary>
    private static void RenameInLanding(string landing)
    {
        foreach (string file in Directory.EnumerateFiles(landing, "*.csv", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            foreach (var (id, hostile) in Renamed)
            {
                string field = "\"" + hostile.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                text = Regex.Replace(text, $"(?<=^|,){Regex.Escape(id)}(?=,|\r?$)", field.Replace("$", "$$", StringComparison.Ordinal), RegexOptions.Multiline);
            }

            File.WriteAllText(file, text);
        }
    }
}
