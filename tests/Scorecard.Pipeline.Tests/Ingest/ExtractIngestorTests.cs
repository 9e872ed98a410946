using System.Text;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Ingest;

public sealed class ExtractIngestorTests : IDisposable
{
    private const string ContactsPath = "telephony/contacts/2026-10-01/contacts.csv";
    private readonly IngestFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task Valid_rows_land_as_typed_parquet_in_the_dated_partition()
    {
        byte[] csv = ExtractBuilder.Contacts()
            .Row(1)
            .Row(2, "offered_at=2026-10-01T01:30:00+02:00", "answered_at=2026-10-01T01:30:20+02:00", "ended_at=2026-10-01T01:40:00+02:00")
            .Row(3, "outcome=abandoned", "answered_at=", "agent_id=", "talk_seconds=0", "hold_seconds=0", "acw_seconds=0", "customer_id=", "reason_code=")
            .BuildBytes();

        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, csv);

        Assert.Equal(IngestStatus.Ingested, result.Status);
        string file = _fx.LocalPath(StoreContainers.Lake, result.Audit!.LakePath!);
        Assert.StartsWith("telephony/contacts/extract_date=2026-10-01/", result.Audit.LakePath);
        var types = LakeQuery.Rows($"select column_name, column_type from (describe select * from read_parquet('{file}'))")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["offered_at"]);
        Assert.Equal("INTEGER", types["talk_seconds"]);
        Assert.Equal("DATE", types["contact_date"]);
        Assert.Equal("BIGINT", types["source_row_number"]);
        var row2 = LakeQuery.Rows($"select strftime(offered_at, '%Y-%m-%d %H:%M:%S'), contact_date::varchar, source_row_number, extract_id from read_parquet('{file}') where contact_id = 'C000002'")[0];
        Assert.Equal("2026-09-30 23:30:00", row2[0]);
        Assert.Equal("2026-09-30", row2[1]);
        Assert.Equal(2L, row2[2]);
        Assert.Equal(result.ExtractId, row2[3]);
        var abandoned = LakeQuery.Rows($"select answered_at, agent_id, customer_id from read_parquet('{file}') where contact_id = 'C000003'")[0];
        Assert.All(abandoned, Assert.Null);
    }

    [Fact]
    public async Task Ingest_quarantines_row_with_negative_talk_time_and_keeps_the_good_rows()
    {
        byte[] csv = ExtractBuilder.Contacts().Row(1).Row(2, "talk_seconds=-5").Row(3).BuildBytes();

        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, csv);

        Assert.Equal((3L, 2L, 1L), (result.Audit!.RowsRead, result.Audit.RowsWritten, result.Audit.RowsQuarantined));
        string quarantine = await _fx.ReadTextAsync(StoreContainers.Quarantine, result.Audit.QuarantinePath!);
        string[] lines = quarantine.TrimEnd('\n').Split('\n');
        Assert.StartsWith("source_file,source_row_number,column,reason,contact_id,", lines[0]);
        Assert.StartsWith($"{ContactsPath},2,talk_seconds,talk_seconds -5 is out of range 0..86400,C000002,", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Every_input_row_is_in_the_lake_or_in_quarantine_exactly_once()
    {
        byte[] csv = ExtractBuilder.Contacts()
            .Rows(20)
            .Row(21, "channel=fax")
            .Row(22, "offered_at=2026-10-01T08:00:00")
            .Row(23, "answered_at=2026-10-01T07:00:00Z")
            .Row(24, "outcome=abandoned")
            .Row(25, "talk_seconds=-1")
            .Row(26, "contact_id=")
            .Row(27, "hold_seconds=1e3", "acw_seconds=abc")
            .Row(5)
            .Row(28, "queue_id=bad\u0001queue")
            .Rows(10, from: 30)
            .BuildBytes();

        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, csv);

        AuditRecord audit = result.Audit!;
        Assert.Equal(39, audit.RowsRead);
        Assert.Equal(audit.RowsRead, audit.RowsWritten + audit.RowsQuarantined);
        Assert.Equal(30, audit.RowsWritten);
        string lake = _fx.LocalPath(StoreContainers.Lake, audit.LakePath!);
        string quarantine = _fx.LocalPath(StoreContainers.Quarantine, audit.QuarantinePath!);
        Assert.Equal(30L, LakeQuery.Scalar($"select count(*) from read_parquet('{lake}')"));
        Assert.Equal(9L, LakeQuery.Scalar($"select count(*) from read_csv('{quarantine}', all_varchar = true)"));
        var both = LakeQuery.Rows(
            $"select source_row_number from read_parquet('{lake}') union all " +
            $"select source_row_number::bigint from read_csv('{quarantine}', all_varchar = true) order by 1");
        Assert.Equal(Enumerable.Range(1, 39).Select(i => (long)i), both.Select(r => (long)r[0]!));
        var reasons = LakeQuery.Rows($"select \"column\", reason from read_csv('{quarantine}', all_varchar = true) order by source_row_number::int")
            .Select(r => $"{r[0]}: {r[1]}").ToList();
        Assert.Contains("channel: channel 'fax' is not one of voice, chat, email, social", reasons);
        Assert.Contains(reasons, r => r.StartsWith("offered_at: offered_at is not", StringComparison.Ordinal) || r.Contains("no UTC offset"));
        Assert.Contains("answered_at: answered_at is before offered_at", reasons);
        Assert.Contains("answered_at: answered_at has a value but outcome is abandoned", reasons);
        Assert.Contains("talk_seconds: talk_seconds -1 is out of range 0..86400", reasons);
        Assert.Contains("contact_id: contact_id is required but empty", reasons);
        Assert.Contains(reasons, r => r.StartsWith("hold_seconds: hold_seconds '1e3' is not a whole number; acw_seconds 'abc'", StringComparison.Ordinal));
        Assert.Contains("contact_id: duplicate key: contact_id 'C000005' appears earlier in this file", reasons);
        Assert.Contains(reasons, r => r.StartsWith("queue_id:", StringComparison.Ordinal) && r.Contains("control character"));
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_is_quarantined_with_its_fields()
    {
        string csv = ExtractBuilder.Contacts().Rows(2).Build() + "C9,voice,inbound\n";

        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, Encoding.UTF8.GetBytes(csv));

        string quarantine = await _fx.ReadTextAsync(StoreContainers.Quarantine, result.Audit!.QuarantinePath!);
        Assert.Contains($"{ContactsPath},3,,row has 3 fields; the header has 14,C9,voice,inbound", quarantine);
        Assert.Equal(2, result.Audit.RowsWritten);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("contact_id,channel\nC1,voice\n", "missing required columns direction, queue_id")]
    [InlineData("contact_id;channel;direction\nC1;voice;inbound\n", "not comma-separated (it uses ';')")]
    [InlineData("contact_id,contact_id,channel\n", "appears more than once")]
    [InlineData("\0\u0001\u0002binary\n", "not UTF-8 CSV text")]
    public async Task A_file_that_cannot_be_read_is_rejected_whole_with_a_reason(string content, string expected)
    {
        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, Encoding.UTF8.GetBytes(content));

        Assert.Equal(IngestStatus.Rejected, result.Status);
        Assert.True(result.Audit!.Reason!.Contains(expected), result.Audit.Reason);
        Assert.Empty(await _fx.ListAsync(StoreContainers.Lake));
        Assert.Single(await _fx.ListAsync(StoreContainers.State, "audit/telephony/contacts/2026-10-01/"));
    }

    [Fact]
    public async Task An_unterminated_quote_rejects_the_file_and_keeps_the_earlier_extract()
    {
        IngestResult good = await _fx.LandAndIngestAsync(ContactsPath, ExtractBuilder.Contacts().Rows(3).BuildBytes());
        string broken = ExtractBuilder.Contacts().Rows(3).Build() + "C9,\"voice,inbound\n";

        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, Encoding.UTF8.GetBytes(broken));

        Assert.Equal(IngestStatus.Rejected, result.Status);
        Assert.Contains("malformed CSV", result.Audit!.Reason);
        Assert.Equal([good.Audit!.LakePath!], await _fx.ListAsync(StoreContainers.Lake));
    }

    [Fact]
    public async Task Blob_names_outside_the_layout_are_rejected_without_touching_the_lake()
    {
        IngestResult result = await _fx.Ingestor.IngestAsync("telephony/contacts/../../state/evil.csv");

        Assert.Equal(IngestStatus.Rejected, result.Status);
        Assert.Contains("not allowed", result.Message);
        Assert.Empty(await _fx.ListAsync(StoreContainers.Lake));
        Assert.Single(await _fx.ListAsync(StoreContainers.State, "audit/_invalid-names/"));
    }

    [Fact]
    public async Task Ingesting_the_same_bytes_again_changes_nothing()
    {
        byte[] csv = ExtractBuilder.Contacts().Rows(5).Row(6, "channel=fax").BuildBytes();
        IngestResult first = await _fx.LandAndIngestAsync(ContactsPath, csv);
        var lakeBefore = await _fx.ListAsync(StoreContainers.Lake);
        var stateBefore = await _fx.ListAsync(StoreContainers.State, "audit/");

        IngestResult again = await _fx.Ingestor.IngestAsync(ContactsPath);
        IngestResult redelivered = await _fx.LandAndIngestAsync(ContactsPath, csv);
        IngestResult sameBytesOtherName = await _fx.LandAndIngestAsync("telephony/contacts/2026-10-01/contacts-resent.csv", csv);

        Assert.Equal(IngestStatus.AlreadyIngested, again.Status);
        Assert.Equal(IngestStatus.Unchanged, redelivered.Status);
        Assert.Equal(IngestStatus.Unchanged, sameBytesOtherName.Status);
        Assert.Equal(first.ExtractId, redelivered.ExtractId);
        Assert.Equal(lakeBefore, await _fx.ListAsync(StoreContainers.Lake));
        Assert.Equal(stateBefore, await _fx.ListAsync(StoreContainers.State, "audit/"));
        Assert.Single(await _fx.ListAsync(StoreContainers.Quarantine));
    }

    [Fact]
    public async Task A_corrected_extract_replaces_the_earlier_one_which_stays_in_the_audit()
    {
        IngestResult first = await _fx.LandAndIngestAsync(ContactsPath, ExtractBuilder.Contacts().Rows(5).Row(6, "channel=fax").BuildBytes());

        IngestResult corrected = await _fx.LandAndIngestAsync(ContactsPath, ExtractBuilder.Contacts().Rows(6).BuildBytes());

        Assert.Equal(IngestStatus.Ingested, corrected.Status);
        Assert.Equal([first.ExtractId!], corrected.Audit!.ReplacedExtractIds);
        Assert.Equal([corrected.Audit.LakePath!], await _fx.ListAsync(StoreContainers.Lake));
        Assert.Empty(await _fx.ListAsync(StoreContainers.Quarantine));
        var audits = await _fx.ListAsync(StoreContainers.State, "audit/telephony/contacts/2026-10-01/");
        Assert.Equal(2, audits.Count);
        Assert.True(string.CompareOrdinal(first.ExtractId, corrected.ExtractId) < 0, "extract ids sort by ingest time");
        Assert.Equal(6L, LakeQuery.Scalar($"select count(*) from read_parquet('{_fx.LocalPath(StoreContainers.Lake, corrected.Audit.LakePath!)}')"));
    }

    [Fact]
    public async Task Customer_ids_are_pseudonymised_consistently_and_never_reach_the_lake()
    {
        byte[] contacts = ExtractBuilder.Contacts().Row(1, "customer_id=CUST-SECRET-42").Row(2, "customer_id=CUST-SECRET-42", "talk_seconds=-1").BuildBytes();
        byte[] cases = new ExtractBuilder(ExtractContracts.Cases).Row(1, "customer_id=CUST-SECRET-42").BuildBytes();

        IngestResult c1 = await _fx.LandAndIngestAsync(ContactsPath, contacts);
        IngestResult c2 = await _fx.LandAndIngestAsync("crm/cases/2026-10-01/cases.csv", cases);

        string contactFile = _fx.LocalPath(StoreContainers.Lake, c1.Audit!.LakePath!);
        string caseFile = _fx.LocalPath(StoreContainers.Lake, c2.Audit!.LakePath!);
        long a = (long)LakeQuery.Scalar($"select customer_id from read_parquet('{contactFile}')")!;
        long b = (long)LakeQuery.Scalar($"select customer_id from read_parquet('{caseFile}')")!;
        Assert.Equal(a, b);
        Assert.True(a > 0);
        Assert.DoesNotContain("SECRET", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(contactFile)));
        string quarantine = await _fx.ReadTextAsync(StoreContainers.Quarantine, c1.Audit.QuarantinePath!);
        Assert.DoesNotContain("SECRET", quarantine);
        Assert.Contains(a.ToString(System.Globalization.CultureInfo.InvariantCulture), quarantine);
    }

    [Fact]
    public async Task A_different_key_gives_different_pseudonyms()
    {
        byte[] csv = ExtractBuilder.Contacts().Row(1).BuildBytes();
        using var other = new IngestFixture(options: new IngestOptions { PseudonymKey = "another-secret" });

        IngestResult a = await _fx.LandAndIngestAsync(ContactsPath, csv);
        IngestResult b = await other.LandAndIngestAsync(ContactsPath, csv);

        object? first = LakeQuery.Scalar($"select customer_id from read_parquet('{_fx.LocalPath(StoreContainers.Lake, a.Audit!.LakePath!)}')");
        object? second = LakeQuery.Scalar($"select customer_id from read_parquet('{other.LocalPath(StoreContainers.Lake, b.Audit!.LakePath!)}')");
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Gzip_extracts_with_a_bom_and_crlf_ingest_like_plain_ones()
    {
        string csv = "\uFEFF" + ExtractBuilder.Contacts().Rows(4).Build().Replace("\n", "\r\n");

        IngestResult result = await _fx.LandAndIngestAsync("telephony/contacts/2026-10-01/contacts.csv.gz", Encoding.UTF8.GetBytes(csv), gzip: true);

        Assert.Equal(IngestStatus.Ingested, result.Status);
        Assert.Equal((4L, 0L), (result.Audit!.RowsWritten, result.Audit.RowsQuarantined));
    }

    [Fact]
    public async Task A_corrupt_gzip_file_is_rejected()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("this is not gzip at all");

        IngestResult result = await _fx.LandAndIngestAsync("telephony/contacts/2026-10-01/contacts.csv.gz", bytes);

        Assert.Equal(IngestStatus.Rejected, result.Status);
        Assert.True(result.Audit!.Reason!.Contains("corrupt"), result.Audit.Reason);
    }

    [Fact]
    public async Task Unknown_columns_are_reported_and_kept_out_of_the_lake_and_missing_optional_ones_are_null()
    {
        var columns = ExtractContracts.Contacts.Columns.Select(c => c.Name).Where(n => n != "reason_code").Append("Supervisor").ToArray();
        byte[] csv = ExtractBuilder.Contacts().Header(columns).Row(1, "Supervisor=Ann").BuildBytes();

        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, csv);

        Assert.Equal(["Supervisor"], result.Audit!.UnknownColumns);
        Assert.Equal(["reason_code"], result.Audit.MissingOptionalColumns);
        string file = _fx.LocalPath(StoreContainers.Lake, result.Audit.LakePath!);
        var names = LakeQuery.Rows($"select column_name from (describe select * from read_parquet('{file}'))").Select(r => (string)r[0]!).ToList();
        Assert.DoesNotContain("Supervisor", names);
        Assert.Null(LakeQuery.Scalar($"select reason_code from read_parquet('{file}')"));
    }

    [Fact]
    public async Task A_header_only_extract_is_a_valid_day_with_no_rows()
    {
        IngestResult result = await _fx.LandAndIngestAsync(ContactsPath, ExtractBuilder.Contacts().BuildBytes());

        Assert.Equal(IngestStatus.Ingested, result.Status);
        Assert.Equal(0, result.Audit!.RowsRead);
        Assert.Equal(0L, LakeQuery.Scalar($"select count(*) from read_parquet('{_fx.LocalPath(StoreContainers.Lake, result.Audit.LakePath!)}')"));
    }

    [Fact]
    public async Task Large_files_are_written_in_bounded_row_groups()
    {
        using var small = new IngestFixture(options: new IngestOptions { RowGroupSize = 1_000 });
        byte[] csv = ExtractBuilder.Contacts().Rows(4_500).BuildBytes();

        IngestResult result = await small.LandAndIngestAsync(ContactsPath, csv);

        string file = small.LocalPath(StoreContainers.Lake, result.Audit!.LakePath!);
        var groups = LakeQuery.Rows($"select row_group_id, max(row_group_num_rows) from parquet_metadata('{file}') group by 1 order by 1");
        Assert.Equal(5, groups.Count);
        Assert.All(groups, g => Assert.True((long)g[1]! <= 1_000));
        Assert.Equal(4_500L, LakeQuery.Scalar($"select count(distinct contact_id) from read_parquet('{file}')"));
    }

    [Fact]
    public async Task Ingest_pending_takes_every_new_landing_blob_once()
    {
        await _fx.LandAsync(ContactsPath, ExtractBuilder.Contacts().Rows(3).BuildBytes());
        await _fx.LandAsync("crm/cases/2026-10-01/cases.csv", new ExtractBuilder(ExtractContracts.Cases).Rows(2).BuildBytes());
        await _fx.LandAsync("crm/cases/2026-10-02/nonsense.txt", "x");

        var first = await _fx.Ingestor.IngestPendingAsync();
        var second = await _fx.Ingestor.IngestPendingAsync();

        Assert.Equal(2, first.Count(r => r.Status == IngestStatus.Ingested));
        Assert.Single(first, r => r.Status == IngestStatus.Rejected);
        Assert.Equal(2, (await _fx.ListAsync(StoreContainers.Lake)).Count);
        Assert.All(second, r => Assert.Equal(IngestStatus.AlreadyIngested, r.Status));
    }
}
