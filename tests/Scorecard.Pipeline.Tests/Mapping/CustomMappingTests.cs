using System.Text;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mapping;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>A custom mapping kept in the store (<c>state/mappings/&lt;name&gt;.yml</c>): value maps to booleans, every
/// duration notation, naive times in a zone, derived timestamps, and what happens to values it cannot convert.</summary>
public sealed class CustomMappingTests : IDisposable
{
    private const string Mapping = """
        name: crm-export
        source_system: Some CRM
        description: Cases with Y/N flags and durations in several notations.
        format: csv
        delimiter: ";"
        time_zone: Europe/Zurich
        null_values:
          Closed: ["-", "n/a"]
        fields:
          opened: { timestamp: Opened, format: "dd.MM.yyyy HH:mm:ss" }
        outputs:
          - dataset: crm/cases
            skip:
              - reason: test case
                when: { column: Category, equals: [TEST, DUMMY] }
            columns:
              case_id: { concat: [ { constant: "K-" }, { column: Id } ] }
              customer_id: Customer
              opened_at: { field: opened }
              closed_at:
                first_of:
                  - plus_seconds: [ { field: opened }, { duration: Took, format: hh:mm:ss } ]
                  - plus_seconds: [ { field: opened }, { duration: TookMinutes, format: minutes } ]
                  - plus_seconds: [ { field: opened }, { duration: TookDays, format: day_fraction } ]
              category: Category
              status: { column: Closed, values: { YES: resolved, NO: open }, default: open }
              resolved_first_contact: { column: FCR, values: { Y: "true", N: "false" } }
              complaint: { column: Angry, values: { YES: "true", NO: "false" }, default: "false" }
        """;

    private readonly IngestFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task A_mapping_in_the_store_maps_flags_durations_and_local_times()
    {
        string csv = """
            Id;Customer;Opened;Took;TookMinutes;TookDays;Category;Closed;FCR;Angry
            1;cust-1;01.03.2026 09:00:00;0:10:30;;;Billing;YES;Y;NO
            2;cust-2;01.07.2026 09:00:00;;2.5;;Billing;YES;N;YES
            3;cust-3;01.03.2026 09:00:00;;;0.5;Billing;YES;;
            4;cust-4;01.03.2026 09:00:00;;;;TEST;n/a;;
            5;cust-5;01.03.2026 09:00:00;;;;Tech;-;;

            """;

        AuditRecord audit = await IngestAsync(csv);

        Assert.Equal(5, audit.SourceRows);
        Assert.Equal(new Dictionary<string, long> { ["test case"] = 1 }, audit.RowsDropped);
        Assert.Equal(4, audit.RowsWritten);
        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        var rows = LakeQuery.Rows(
            $"""
            select case_id, strftime(opened_at, '%Y-%m-%d %H:%M:%S'), strftime(closed_at, '%Y-%m-%d %H:%M:%S'), status,
                resolved_first_contact, complaint, source_row_number
            from read_parquet('{lake}') order by case_id
            """);
        // Zurich is UTC+1 in March and UTC+2 in July.
        Assert.Equal(["K-1", "2026-03-01 08:00:00", "2026-03-01 08:10:30", "resolved", true, false, 1L], rows[0]);
        Assert.Equal(["K-2", "2026-07-01 07:00:00", "2026-07-01 07:02:30", "resolved", false, true, 2L], rows[1]);
        Assert.Equal(["K-3", "2026-03-01 08:00:00", "2026-03-01 20:00:00", "resolved", null, false, 3L], rows[2]);
        Assert.Equal(["K-5", "2026-03-01 08:00:00", null, "open", null, false, 5L], rows[3]);
    }

    [Fact]
    public async Task A_value_the_mapping_cannot_convert_sends_its_row_to_quarantine_naming_the_source_row()
    {
        string csv = """
            Id;Customer;Opened;Took;TookMinutes;TookDays;Category;Closed;FCR;Angry
            1;cust-1;01.03.2026 09:00:00;0:10:30;;;Billing;YES;Y;NO
            2;cust-2;29.03.2026 02:30:00;;;;Billing;NO;Y;NO
            3;cust-3;01.03.2026 09:00:00;ten minutes;;;Billing;YES;maybe;NO
            """;

        AuditRecord audit = await IngestAsync(csv);

        Assert.Equal(1, audit.RowsWritten);
        Assert.Equal(2, audit.RowsQuarantined);
        Assert.Equal(3, audit.MappingProblems); // row 2's opening time twice (opened_at and the closed_at made from it), row 3's duration
        string quarantine = await _fx.ReadTextAsync(StoreContainers.Quarantine, audit.QuarantinePath!);
        string[] lines = quarantine.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(
            "mapped/crm-export/2026-11-23/cases.csv,2,opened_at,mapping 'crm-export': opened_at: Opened '29.03.2026 02:30:00' " +
            "does not exist in Europe/Zurich (the clocks went forward); closed_at: Opened '29.03.2026 02:30:00' does not exist", lines[1]);
        Assert.StartsWith(
            "mapped/crm-export/2026-11-23/cases.csv,3,closed_at,mapping 'crm-export': closed_at: Took 'ten minutes' is not a duration in hh:mm:ss,", lines[2]);
        Assert.Contains(",ten minutes,", lines[2]);
        Assert.DoesNotContain("cust-3", quarantine);
    }

    [Fact]
    public async Task A_file_without_a_column_the_mapping_reads_is_rejected_naming_the_column()
    {
        AuditRecord audit = await IngestAsync("Id;Customer;Opened\n1;c;01.03.2026 09:00:00\n");

        Assert.Equal(IngestStatus.Rejected, audit.Status);
        Assert.StartsWith("the mapping reads columns ", audit.Reason);
        Assert.Contains("that the file does not have (its header, split on ';': Id, Customer, Opened)", audit.Reason);
        Assert.All(new[] { "'Took'", "'TookMinutes'", "'TookDays'", "'Category'", "'Closed'", "'FCR'", "'Angry'" }, c => Assert.Contains(c, audit.Reason));
    }

    [Fact]
    public async Task A_landing_folder_naming_no_mapping_is_rejected_with_the_known_ones()
    {
        await _fx.LandAsync("mapped/nope/2026-11-23/x.csv", "a\n1\n");

        IngestResult result = Assert.Single(await _fx.Ingestor.IngestAllAsync("mapped/nope/2026-11-23/x.csv"));

        Assert.Equal(IngestStatus.Rejected, result.Status);
        Assert.Contains("no mapping 'nope' (built-in: amazon-connect-agent-events, amazon-connect-ctr, pwc-call-centre, technion-bank", result.Message);
    }

    [Fact]
    public async Task Ingesting_one_mapped_blob_sums_up_its_datasets_for_the_function_app()
    {
        await _fx.Store.WriteAsync(StoreContainers.State, "mappings/crm-export.yml", new MemoryStream(Encoding.UTF8.GetBytes(Mapping)));
        const string path = "mapped/crm-export/2026-11-23/cases.csv";
        await _fx.LandAsync(path, "Id;Customer;Opened;Took;TookMinutes;TookDays;Category;Closed;FCR;Angry\n1;c;01.03.2026 09:00:00;;;;Billing;NO;;\n");

        IngestResult result = await _fx.Ingestor.IngestAsync(path);
        IngestResult again = await _fx.Ingestor.IngestAsync(path);

        Assert.Equal(IngestStatus.Ingested, result.Status);
        Assert.Equal("crm/cases", result.Audit!.Dataset);
        Assert.StartsWith("crm/cases: 1 rows: 1 to the lake, 0 quarantined", result.Message);
        Assert.Equal(IngestStatus.AlreadyIngested, again.Status);
    }

    [Theory]
    [InlineData("143", "seconds", 143L)]
    [InlineData("143.5", "seconds", 144L)]
    [InlineData("11179", "milliseconds", 11L)]
    [InlineData("2.25", "minutes", 135L)]
    [InlineData("0:02:23", "hh:mm:ss", 143L)]
    [InlineData("26:00:01", "hh:mm:ss", 93_601L)]
    [InlineData("0.02.23", "h.mm.ss", 143L)]
    [InlineData("0.00165509259259259", "day_fraction", 143L)]
    [InlineData("0:2:23", "hh:mm:ss", null)]
    [InlineData("0.02.23", "hh:mm:ss", null)]
    [InlineData("abc", "seconds", null)]
    public void Durations_are_read_in_each_notation(string text, string format, long? seconds)
    {
        Assert.Equal(seconds, DurationExpression.Parse(text, DurationExpression.Formats[format]));
    }

    private async Task<AuditRecord> IngestAsync(string csv)
    {
        await _fx.Store.WriteAsync(StoreContainers.State, "mappings/crm-export.yml", new MemoryStream(Encoding.UTF8.GetBytes(Mapping)));
        const string path = "mapped/crm-export/2026-11-23/cases.csv";
        await _fx.LandAsync(path, Encoding.UTF8.GetBytes(csv));
        return Assert.Single(await _fx.Ingestor.IngestAllAsync(path)).Audit!;
    }
}
