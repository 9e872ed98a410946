using System.CommandLine;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mapping;

namespace Scorecard.Cli;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var mappingOption = MappingOption.Create(required: true);
        var file = new Argument<FileInfo>("file") { Description = "The source file to check (a local file; .gz is read compressed)." };
        var command = new Command("validate",
            "Report what a source mapping would do to a file, writing nothing: rows read, rows kept per dataset, rows " +
            "dropped and why, rows the contract would quarantine, and the first problems with row and column. Exit " +
            "codes: 0 every mapped row is valid, 2 some rows would be quarantined or the file would be rejected, 1 error.")
        {
            mappingOption, file,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string name = parse.GetValue(mappingOption)!;
            SourceMapping mapping = MappingOption.ResolveLocal(name) ?? throw new InvalidOperationException(MappingOption.Unknown(name));
            FileInfo source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                throw new FileNotFoundException($"{source.FullName} does not exist");
            }

            MappingCheck check;
            try
            {
                check = await MappingCheck.RunAsync(mapping, source.FullName, CommonOptions.IngestOptionsFromEnvironment(), cancellationToken);
            }
            catch (RejectedExtractException e)
            {
                Console.WriteLine($"REJECTED {source.Name} with mapping '{mapping.Name}': {e.Reason}");
                return IngestCommand.SomeRejected;
            }

            Print(check);
            return check.Datasets.Any(d => d.RowsQuarantined > 0) ? IngestCommand.SomeRejected : 0;
        });
        return command;
    }

    private static void Print(MappingCheck check)
    {
        Console.WriteLine($"{Path.GetFileName(check.File)} with mapping '{check.Mapping}': {check.RowsRead:N0} rows read (nothing written).");
        foreach (MappedDatasetCheck dataset in check.Datasets)
        {
            Console.WriteLine($"  {dataset.Dataset}: {dataset.RowsMapped:N0} mapped = {dataset.RowsValid:N0} valid + {dataset.RowsQuarantined:N0} to quarantine; " +
                $"{dataset.Dropped.Values.Sum():N0} dropped");
            foreach ((string reason, long count) in dataset.Dropped.OrderByDescending(d => d.Value))
            {
                Console.WriteLine($"    dropped {count,9:N0}  {reason}");
            }

            foreach (MappingProblem problem in dataset.FirstQuarantined)
            {
                Console.WriteLine($"    row {problem.Row}, column {problem.Column}: {problem.Message}");
            }
        }

        if (check.MappingProblems > 0)
        {
            Console.WriteLine($"  {check.MappingProblems:N0} value(s) the mapping could not convert, first:");
            foreach (MappingProblem problem in check.FirstMappingProblems)
            {
                Console.WriteLine($"    row {problem.Row}, {problem.Dataset} {problem.Column}: {problem.Message}");
            }
        }
    }
}
