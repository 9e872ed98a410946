using System.CommandLine;
using Scorecard.Cli;

var root = new RootCommand(
    "scorecard: turns a contact centre's daily extracts (telephony, CRM, HR) into a validated Parquet lake and a " +
    "balanced-scorecard data mart. Every command that touches data takes --store (a local folder, an Azure Storage " +
    $"connection string or an account URL); default: ${CommonOptions.StoreEnvironmentVariable} or ./scorecard-data.");
root.Add(CommonOptions.Store);
root.Add(DemoCommand.Create());
root.Add(GenerateCommand.Create());
root.Add(IngestCommand.Create());
root.Add(BuildCommand.Create());
root.Add(QueryCommand.Create());
root.Add(ExplainCommand.Create());
root.Add(ExportCommand.Create());
root.Add(KpisCommand.Create());
root.Add(StaffingCommand.Create());
root.Add(ContractsCommand.Create());
root.Add(MappingsCommand.Create());
root.Add(ValidateCommand.Create());
root.Add(BenchCommand.Create());
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OperationCanceledException)
{
    // One clear line for people; the stack trace only when asked for.
    Console.Error.WriteLine($"error: {e.Message}");
    if (Environment.GetEnvironmentVariable("SCORECARD_DEBUG") == "1")
    {
        Console.Error.WriteLine(e);
    }
    else
    {
        Console.Error.WriteLine("(set SCORECARD_DEBUG=1 to see where it happened)");
    }

    return 1;
}
