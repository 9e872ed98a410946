using System.Globalization;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.SampleData;

/// <summary>
/// Writes realistic, deterministic sample extracts for every dataset to the store's landing container:
/// <c>landing/&lt;source&gt;/&lt;dataset&gt;/&lt;yyyy-mm-dd&gt;/&lt;dataset&gt;.csv[.gz]</c>, one file per dataset and day
/// (the HR roster is a full snapshot every day). Each file is streamed to a local temporary file and uploaded,
/// so only one day's arrivals are ever held in memory. The same options give byte-identical files.
/// </summary>
public sealed class SampleDataGenerator
{
    public async Task<GenerateResult> GenerateAsync(
        IBlobStore store,
        GeneratorOptions options,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await store.EnsureContainersAsync(cancellationToken).ConfigureAwait(false);

        var roster = new SampleRoster(options);
        var workforce = new WorkforceDayWriter(options, roster);
        var contactDays = new ContactDayWriter(options);
        var files = new List<GeneratedFile>();
        var rows = ExtractContracts.All.ToDictionary(c => c.Id, _ => 0L);
        DirectoryInfo temp = Directory.CreateTempSubdirectory("scorecard-generate-");
        try
        {
            for (int dayIndex = 0; dayIndex < options.Days; dayIndex++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DateOnly date = options.StartDate.AddDays(dayIndex);
                var writers = ExtractContracts.All.ToDictionary(
                    c => c,
                    c => new CsvExtractWriter(Path.Combine(temp.FullName, $"{c.Source}-{c.Name}.csv"), c, options.Compress));
                IReadOnlyList<OnDutyAgent> onDuty;
                try
                {
                    workforce.WriteAgents(date, writers[ExtractContracts.Agents]);
                    onDuty = workforce.WriteShiftsAndTraining(
                        dayIndex,
                        date,
                        writers[ExtractContracts.Shifts],
                        writers[ExtractContracts.Training],
                        writers[ExtractContracts.Schedule],
                        writers[ExtractContracts.AgentStates]);
                    workforce.WriteEmployeeSurveys(date, writers[ExtractContracts.EmployeeSurveys]);
                    contactDays.Write(
                        dayIndex,
                        date,
                        onDuty,
                        writers[ExtractContracts.Contacts],
                        writers[ExtractContracts.Cases],
                        writers[ExtractContracts.Surveys],
                        writers[ExtractContracts.Sales]);
                }
                finally
                {
                    foreach (CsvExtractWriter writer in writers.Values)
                    {
                        await writer.DisposeAsync().ConfigureAwait(false);
                    }
                }

                foreach (CsvExtractWriter writer in writers.Values)
                {
                    DatasetContract contract = writer.Contract;
                    string path = BlobPathFor(contract, date, options.Compress);
                    await store.UploadFileAsync(StoreContainers.Landing, path, writer.LocalPath, cancellationToken).ConfigureAwait(false);
                    File.Delete(writer.LocalPath);
                    files.Add(new GeneratedFile(StoreContainers.Landing, path, contract.Id, date, writer.Rows));
                    rows[contract.Id] += writer.Rows;
                }

                progress?.Report(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{date:yyyy-MM-dd}: {writers[ExtractContracts.Contacts].Rows} contacts, {onDuty.Count} agents on duty"));
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }

        return new GenerateResult(files, rows);
    }

    /// <summary><c>&lt;source&gt;/&lt;dataset&gt;/&lt;yyyy-mm-dd&gt;/&lt;dataset&gt;.csv</c> (or <c>.csv.gz</c>) inside the landing container.</summary>
    public static string BlobPathFor(DatasetContract contract, DateOnly date, bool compress) =>
        string.Create(CultureInfo.InvariantCulture, $"{contract.Source}/{contract.Name}/{date:yyyy-MM-dd}/{contract.Name}.csv{(compress ? ".gz" : "")}");
}
