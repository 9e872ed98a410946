using System.CommandLine;
using System.Globalization;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Cli;

internal static class KpisCommand
{
    public static Command Create()
    {
        var command = new Command("kpis", "Print the KPI registry (sql/kpis.yml): every measure with its perspective, unit, direction, target and definition.");
        command.SetAction(_ =>
        {
            KpiRegistry registry = KpiRegistry.Load(Path.Combine(SqlDirectoryLocator.Find(), "kpis.yml"));
            foreach (var perspective in registry.Kpis.GroupBy(k => k.Perspective))
            {
                Console.WriteLine(perspective.Key);
                foreach (KpiDefinition kpi in perspective)
                {
                    string target = kpi.Target is { } t ? t.ToString("0.##", CultureInfo.InvariantCulture) : "-";
                    Console.WriteLine($"  {kpi.Id,-34} {kpi.Label,-36} {kpi.Unit,-8} {kpi.Direction,-6} target {target,-8} v{kpi.Version}");
                    Console.WriteLine($"  {"",-34} {kpi.Definition}");
                }
            }

            return 0;
        });
        return command;
    }
}
