using System.CommandLine;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Cli;

internal static class ContractsCommand
{
    public static Command Create()
    {
        var command = new Command("contracts",
            "Print every extract contract (columns, types, required, rules) as Markdown: the tables in the README.");
        command.SetAction(_ =>
        {
            Console.Write(ContractDocumentation.Markdown());
            return 0;
        });
        return command;
    }
}
