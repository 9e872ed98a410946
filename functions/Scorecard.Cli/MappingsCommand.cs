using System.CommandLine;
using Scorecard.Pipeline.Mapping;

namespace Scorecard.Cli;

internal static class MappingsCommand
{
    public static Command Create()
    {
        var command = new Command("mappings",
            "List the built-in source mappings: how real-world exports (not in the contract format) become contract rows. " +
            "Land a file under landing/mapped/<mapping>/<yyyy-mm-dd>/, or use 'scorecard ingest --mapping <name> FILE'.");
        command.SetAction(_ =>
        {
            foreach (SourceMapping mapping in BuiltinMappings.All)
            {
                Console.WriteLine($"{mapping.Name,-28} {mapping.SourceSystem}");
                Console.WriteLine($"{"",-28} feeds {string.Join(", ", mapping.Datasets)}; {mapping.FormatName}");
                Console.WriteLine($"{"",-28} {mapping.Description}");
            }

            return 0;
        });
        return command;
    }
}
