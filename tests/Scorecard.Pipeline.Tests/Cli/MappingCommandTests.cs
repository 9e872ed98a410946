using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Mapping;

namespace Scorecard.Pipeline.Tests.Cli;

/// <summary><c>scorecard mappings</c>, <c>scorecard validate --mapping</c> and <c>scorecard ingest --mapping</c>, run as a user would.</summary>
public sealed class MappingCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Mappings_lists_each_built_in_mapping_with_its_source_and_datasets()
    {
        ScorecardProcess.Result result = await ScorecardProcess.RunAsync("mappings");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("pwc-call-centre", result.Output);
        Assert.Contains("feeds telephony/contacts, crm/surveys; csv", result.Output);
        Assert.Contains("technion-bank", result.Output);
        Assert.Contains("feeds telephony/contacts; tsv", result.Output);
        Assert.Contains("amazon-connect-ctr", result.Output);
    }

    [Fact]
    public async Task Validate_reports_drops_and_quarantine_with_rows_and_columns_and_writes_nothing()
    {
        SharedDatasets.Require();
        string file = SharedDatasets.File("technion-anonymous-bank", "data_anonymous_bank_february.txt");

        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            new Dictionary<string, string> { ["SCORECARD_STORE"] = _folder.File("store") }, "validate", "--mapping", "technion-bank", file);

        Assert.True(result.ExitCode == 2, result.Output + result.Error);
        Assert.Contains("33,344 rows read (nothing written)", result.Output);
        Assert.Contains("telephony/contacts: 31,125 mapped = 31,002 valid + 123 to quarantine; 2,219 dropped", result.Output);
        Assert.Contains("dropped       278  PHANTOM call", result.Output);
        Assert.Contains("row 111, column answered_at: answered_at is empty but outcome is not abandoned", result.Output);
        Assert.False(Directory.Exists(_folder.File("store")));
    }

    [Fact]
    public async Task Validate_with_the_wrong_mapping_says_which_columns_are_missing()
    {
        string file = _folder.File("calls.csv");
        await File.WriteAllTextAsync(file, "id,when\n1,2026-01-01\n");

        ScorecardProcess.Result result = await ScorecardProcess.RunAsync("validate", "--mapping", "pwc-call-centre", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("REJECTED calls.csv with mapping 'pwc-call-centre': the mapping reads columns 'Call Id'", result.Output);
    }

    [Fact]
    public async Task A_mistake_in_a_mapping_file_is_one_line_naming_the_file_and_key()
    {
        string mapping = _folder.File("mine.yml");
        await File.WriteAllTextAsync(mapping, "name: mine\nsource_system: x\ndescription: y\nformat: parquet\noutputs: []\n");

        ScorecardProcess.Result result = await ScorecardProcess.RunAsync("validate", "--mapping", mapping, mapping);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {mapping} line 4: key 'format': expected one of csv, tsv, json; found 'parquet'", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task Ingest_with_a_custom_mapping_file_lands_the_file_under_its_date_and_keeps_the_mapping()
    {
        string mapping = _folder.File("surveys.yml");
        await File.WriteAllTextAsync(mapping, """
            name: my-surveys
            source_system: A survey tool
            description: Survey answers.
            format: csv
            outputs:
              - dataset: crm/surveys
                skip:
                  - reason: no score
                    when: { column: Score, empty: true }
                columns:
                  survey_id: Response
                  contact_id: Call
                  responded_at: { timestamp: At }
                  csat: Score
            """);
        string file = _folder.File("answers.csv");
        await File.WriteAllTextAsync(file, "Response,Call,At,Score\nr1,c1,2026-11-01T10:00:00Z,5\nr2,c2,2026-11-01T11:00:00Z,\nr3,c3,2026-11-01T12:00:00Z,9\n");
        string store = _folder.File("store");

        ScorecardProcess.Result result = await ScorecardProcess.RunAsync(
            "ingest", "--store", store, "--mapping", mapping, "--date", "2026-11-02", file);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("mapped     mapped/my-surveys/2026-11-02/answers.csv -> crm/surveys (my-surveys): 3 source rows = 2 mapped + 1 dropped (1 no score)", result.Output);
        Assert.Contains("rows: 2 read = 1 to the lake + 1 quarantined", result.Output);
        Assert.True(File.Exists(Path.Combine(store, StoreContainers.Landing, "mapped", "my-surveys", "2026-11-02", "answers.csv")));
        Assert.True(File.Exists(Path.Combine(store, StoreContainers.State, "mappings", "my-surveys.yml")));
        Assert.Single(Directory.GetFiles(Path.Combine(store, StoreContainers.Lake, "crm", "surveys", "extract_date=2026-11-02"), "*.parquet"));
    }
}
