using System.Text;
using Scorecard.Pipeline.Ingest;
using Sylvan.Data.Csv;

namespace Scorecard.Pipeline.Mapping;

/// <summary>
/// What a mapping would do to a local file, without writing anything to a store: the mapping stage and the contract
/// validation run exactly as in an ingest, into a temporary folder that is deleted afterwards.
/// </summary>
public sealed record MappingCheck(
    string Mapping, string File, long RowsRead, IReadOnlyList<MappedDatasetCheck> Datasets, long MappingProblems,
    IReadOnlyList<MappingProblem> FirstMappingProblems)
{
    private const int ProblemsShown = 5;

    /// <summary>Checks <paramref name="file"/> (gzip when it ends in .gz). Throws <see cref="RejectedExtractException"/>
    /// when the file as a whole cannot be read with this mapping.</summary>
    public static async Task<MappingCheck> RunAsync(SourceMapping mapping, string file, IngestOptions options, CancellationToken cancellationToken = default)
    {
        string work = Directory.CreateTempSubdirectory("scorecard-check-").FullName;
        try
        {
            MappingRun run;
            await using (GuardedContent source = GuardedContent.Open(System.IO.File.OpenRead(file), file.EndsWith(".gz", StringComparison.Ordinal), options))
            {
                run = await new MappingRunner(mapping, options).RunAsync(source.Content, work, cancellationToken);
            }

            var pseudonymizer = new Pseudonymizer(options.PseudonymKey);
            var datasets = new List<MappedDatasetCheck>();
            foreach (MappedDataset dataset in run.Datasets)
            {
                string quarantineFile = Path.Combine(work, "quarantine.csv");
                ParseOutcome outcome;
                using (var text = new StreamReader(dataset.File, Encoding.UTF8))
                await using (var parquet = System.IO.File.Create(Path.Combine(work, "check.parquet")))
                await using (var quarantineText = new StreamWriter(quarantineFile, false, new UTF8Encoding(false)))
                {
                    var parser = new ExtractParser(dataset.Contract, options, pseudonymizer) { SourceRowField = ContractCsvWriter.SourceRowColumn, ProblemField = ContractCsvWriter.ProblemColumn };
                    outcome = await parser.ParseAsync(text, "check", Path.GetFileName(file), parquet, Path.Combine(work, "keys.bin"),
                        (header, pseudonymFields) => new QuarantineWriter(quarantineText, Path.GetFileName(file), header, pseudonymFields, pseudonymizer),
                        null, cancellationToken);
                }

                datasets.Add(new MappedDatasetCheck(dataset.Contract.Id, dataset.RowsMapped, dataset.Dropped, outcome.RowsWritten,
                    outcome.RowsQuarantined, FirstQuarantined(quarantineFile, dataset.Contract.Id)));
                System.IO.File.Delete(quarantineFile);
            }

            return new MappingCheck(mapping.Name, file, run.RowsRead, datasets, run.ProblemCount, run.FirstProblems.Take(ProblemsShown).ToList());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static List<MappingProblem> FirstQuarantined(string quarantineFile, string dataset)
    {
        var problems = new List<MappingProblem>();
        if (!System.IO.File.Exists(quarantineFile) || new FileInfo(quarantineFile).Length == 0)
        {
            return problems;
        }

        using CsvDataReader csv = CsvDataReader.Create(quarantineFile);
        while (problems.Count < ProblemsShown && csv.Read())
        {
            problems.Add(new MappingProblem(csv.GetInt64(1), dataset, csv.GetString(2), csv.GetString(3)));
        }

        return problems;
    }
}
