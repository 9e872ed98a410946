using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Scorecard.Pipeline.Tests.Mapping;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>
/// Hostile contacts extracts, each built here from valid rows (<see cref="ExtractBuilder"/>) with one thing wrong,
/// and the outcome ingest must give it; then real-world exports with one thing wrong landed under <c>mapped/</c>,
/// through the CSV mapping <c>pwc-call-centre</c> (which feeds contacts and surveys) and the JSON mapping
/// <c>amazon-connect-ctr</c>: they meet the same guards. The "Hostile input" table of tests/README.md is generated
/// from this list.
/// </summary>
public static class HostileInputCorpus
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        new("An empty file (0 bytes)", () => [], HostileOutcome.RejectedWhole("the file is empty: no header row")),
        new("A header and no rows", () => ExtractBuilder.Contacts().BuildBytes(), HostileOutcome.Ingested(0)),
        new("A header with a byte order mark and trailing spaces in the names",
            () => Utf8.GetBytes("\uFEFF" + string.Join(",", Columns.Select(c => c + "  ")) + "\n" + Text(ExtractBuilder.Contacts().Rows(3)).Split('\n', 2)[1]),
            HostileOutcome.Ingested(3)),
        new("CR-only line ends (classic Mac)", () => Utf8.GetBytes(Text(ExtractBuilder.Contacts().Rows(3)).Replace('\n', '\r')), HostileOutcome.Ingested(3)),
        new("An unterminated quote in the last row",
            () => Utf8.GetBytes(Text(ExtractBuilder.Contacts().Rows(3)) + "C000009,\"voice,inbound\n"),
            HostileOutcome.RejectedWhole("row 4: malformed CSV")),
        new("Rows with too few and too many fields",
            () => Utf8.GetBytes(Text(ExtractBuilder.Contacts().Rows(2)) + "C000009,voice,inbound\n" + Text(ExtractBuilder.Contacts().Row(10)).Split('\n')[1] + ",extra\n"),
            HostileOutcome.Ingested(2,
                new QuarantinedRow(3, "", "row has 3 fields; the header has 14"),
                new QuarantinedRow(4, "", "row has 15 fields; the header has 14"))),
        new("A 10 MB line (one field of 10,000,000 characters)",
            () => ExtractBuilder.Contacts().Row(1).Row(2, "reason_code=" + new string('x', 10_000_000)).Row(3).BuildBytes(),
            HostileOutcome.Ingested(2, new QuarantinedRow(2, "reason_code", "reason_code 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 10000000 characters long; at most 64 allowed"))),
        new("A 20 MB line, longer than Ingest:MaxRecordChars (16 Mi)",
            () => ExtractBuilder.Contacts().Row(1).Row(2, "reason_code=" + new string('x', 20_000_000)).BuildBytes(),
            HostileOutcome.RejectedWhole("row 2 is larger than the largest record accepted (Ingest:MaxRecordChars)")),
        new("NUL bytes inside a field",
            () => ExtractBuilder.Contacts().Row(1).Row(2, "queue_id=support\0\0en").BuildBytes(),
            HostileOutcome.Ingested(1, new QuarantinedRow(2, "queue_id", @"queue_id 'support\u0000\u0000en' contains control character U+0000"))),
        new("NUL bytes in the header", () => Utf8.GetBytes("contact_id\0,channel\0\nC1,voice\n"), HostileOutcome.RejectedWhole("the file is not UTF-8 CSV text")),
        new("Invalid UTF-8 (a lone 0xC3 byte) in a text field",
            () => Replace(ExtractBuilder.Contacts().Row(1).Row(2, "reason_code=bill@@ing").BuildBytes(), "@@"u8, [0xC3, 0x28]),
            HostileOutcome.Ingested(1, new QuarantinedRow(2, "reason_code", "reason_code 'bill\uFFFD(ing' contains bytes that are not valid UTF-8"))),
        new("UTF-16 LE with a byte order mark", () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text(ExtractBuilder.Contacts().Rows(3)))],
            HostileOutcome.Ingested(3)),
        new("UTF-16 LE without a byte order mark", () => Encoding.Unicode.GetBytes(Text(ExtractBuilder.Contacts().Rows(3))),
            HostileOutcome.RejectedWhole("the file is not UTF-8 CSV text")),
        new("A gzip bomb: a 1 MB .csv.gz that inflates to 1 GiB", () => GzipBomb(ExtractBuilder.Contacts().Row(1).BuildBytes()),
            HostileOutcome.RejectedWhole("inflates more than 100 times"), Gzip: true),
        new("A duplicate key", () => ExtractBuilder.Contacts().Rows(3).Row(2).BuildBytes(),
            HostileOutcome.Ingested(3, new QuarantinedRow(4, "contact_id", "duplicate key: contact_id 'C000002' appears earlier in this file"))),
        new("Timestamps in the year 9999",
            () => ExtractBuilder.Contacts().Row(1).Row(2, "offered_at=9999-12-31T23:59:00Z", "answered_at=9999-12-31T23:59:10Z", "ended_at=9999-12-31T23:59:50-05:00").BuildBytes(),
            HostileOutcome.Ingested(1, new QuarantinedRow(2, "offered_at", "offered_at has year 9999, outside 1990-2099; answered_at has year 9999, outside 1990-2099; ended_at has year 9999"))),
        new("A duration of 10^12 seconds", () => ExtractBuilder.Contacts().Row(1).Row(2, "talk_seconds=1000000000000").BuildBytes(),
            HostileOutcome.Ingested(1, new QuarantinedRow(2, "talk_seconds", "talk_seconds 1000000000000 is out of range 0..86400"))),
        new("A number with a thousands separator, quoted (\"1,234\")", () => ExtractBuilder.Contacts().Row(1).Row(2, "hold_seconds=1,234").BuildBytes(),
            HostileOutcome.Ingested(1, new QuarantinedRow(2, "hold_seconds", "hold_seconds '1,234' is not a whole number"))),
        new("A number with a thousands separator, unquoted (1,234)",
            () => Utf8.GetBytes(Text(ExtractBuilder.Contacts().Row(1).Row(2, "hold_seconds=1,234")).Replace("\"1,234\"", "1,234", StringComparison.Ordinal)),
            HostileOutcome.Ingested(1, new QuarantinedRow(2, "", "row has 15 fields; the header has 14"))),
        new("A gzip bomb through a CSV mapping (pwc-call-centre): a 1 MB .csv.gz that inflates to 1 GiB",
            () => GzipBomb(PwcCalls(1)), HostileOutcome.RejectedWhole("inflates more than 100 times"), Path: PwcPath + ".gz"),
        new("A 20 MB row through a CSV mapping, longer than Ingest:MaxRecordChars",
            () => PwcCalls(3, topicOfRow2: new string('x', 20_000_000)),
            HostileOutcome.RejectedWhole("row 2 is larger than the largest record accepted (Ingest:MaxRecordChars)"), Path: PwcPath),
        new("A 10 MB field through a CSV mapping",
            () => PwcCalls(3, topicOfRow2: new string('x', 10_000_000)),
            HostileOutcome.Ingested(2, new QuarantinedRow(2, "reason_code", "reason_code 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 10000000 characters long; at most 64 allowed")),
            Path: PwcPath),
        new("An unterminated quote through a CSV mapping",
            () => [.. PwcCalls(2), .. Utf8.GetBytes("ID0003,\"Diane,2021-01-01\n")],
            HostileOutcome.RejectedWhole("row 3: malformed CSV"), Path: PwcPath),
        new("A gzip bomb through a JSON mapping (amazon-connect-ctr): a 1 MB .jsonl.gz that inflates to 1 GiB",
            () => GzipBomb(ContactRecords(ContactRecordBuilder.AgentHandled("c1"))), HostileOutcome.RejectedWhole("inflates more than 100 times"),
            Path: ConnectPath + ".gz"),
        new("A 20 MB JSON record, longer than Ingest:MaxRecordChars",
            () => ContactRecords(ContactRecordBuilder.AgentHandled("c1"), WithAttribute(ContactRecordBuilder.AgentHandled("c2"), new string('x', 20_000_000))),
            HostileOutcome.RejectedWhole("record 2 is larger than the largest record accepted"), Path: ConnectPath),
        new("A 10 MB value in a JSON record",
            () => ContactRecords(ContactRecordBuilder.AgentHandled("c1"), WithQueue(ContactRecordBuilder.AgentHandled("c2"), new string('x', 10_000_000))),
            HostileOutcome.Ingested(1, new QuarantinedRow(2, "queue_id", "queue_id 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 10000000 characters long; at most 64 allowed")),
            Path: ConnectPath),
        new("A JSON record nested 1,000 levels deep",
            () => [.. ContactRecords(ContactRecordBuilder.AgentHandled("c1")), .. NestedRecord("c2", 1_000)],
            HostileOutcome.RejectedWhole("after record 1: not valid JSON (The maximum configured depth of 64 has been exceeded"), Path: ConnectPath),
        new("An unterminated JSON array (the closing ] missing)",
            () => Utf8.GetBytes(new JsonArray(ContactRecordBuilder.AgentHandled("c1"), ContactRecordBuilder.AgentHandled("c2")).ToJsonString()[..^1]),
            HostileOutcome.RejectedWhole("after record 2: not valid JSON"), Path: "mapped/amazon-connect-ctr/2026-10-01/records.json"),
        new("A JSON record cut short at the end of the file",
            () => ContactRecords(ContactRecordBuilder.AgentHandled("c1"), ContactRecordBuilder.AgentHandled("c2"))[..^40],
            HostileOutcome.RejectedWhole("after record 1: not valid JSON"), Path: ConnectPath),
    ];

    private const string PwcPath = "mapped/pwc-call-centre/2026-10-01/calls.csv";

    private const string ConnectPath = "mapped/amazon-connect-ctr/2026-10-01/records.jsonl";

    private static IEnumerable<string> Columns => Scorecard.Pipeline.Ingest.ExtractContracts.Contacts.Columns.Select(c => c.Name);

    public static HostileCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>The README's "Hostile input" table.</summary>
    public static string Markdown()
    {
        var table = new StringBuilder("| hostile input | outcome |\n|---|---|\n");
        foreach (HostileCase hostile in All)
        {
            table.Append("| ").Append(hostile.Name.Replace("|", "\\|", StringComparison.Ordinal))
                .Append(" | ").Append(hostile.Expected.Describe().Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }

        return table.ToString();
    }

    private static string Text(ExtractBuilder builder) => builder.Build();

    private static byte[] Replace(byte[] bytes, ReadOnlySpan<byte> marker, byte[] replacement)
    {
        int at = bytes.AsSpan().IndexOf(marker);
        return [.. bytes[..at], .. replacement, .. bytes[(at + marker.Length)..]];
    }

    /// <summary>
    /// <paramref name="head"/> (a valid header and row), then 1,024 gzip members of 1 MiB of line breaks each (a
    /// multi-member gzip file, which decompresses as one stream): about 1 MB on disk, 1 GiB inflated. Built in memory
    /// in milliseconds.
    /// </summary>
    private static byte[] GzipBomb(byte[] head)
    {
        byte[] member = Compress(Enumerable.Repeat((byte)'\n', 1 << 20).ToArray());
        using var bomb = new MemoryStream();
        bomb.Write(Compress(head));
        for (int i = 0; i < 1024; i++)
        {
            bomb.Write(member);
        }

        return bomb.ToArray();
    }

    /// <summary>Calls as the PwC "Call Centre Trends" export writes them, answered and rated; row 2's topic (the contact
    /// reason) can be replaced.</summary>
    private static byte[] PwcCalls(int rows, string? topicOfRow2 = null)
    {
        var csv = new StringBuilder("Call Id,Agent,Date,Time,Topic,Answered (Y/N),Resolved,Speed of answer in seconds,AvgTalkDuration,Satisfaction rating\n");
        for (int row = 1; row <= rows; row++)
        {
            string topic = row == 2 && topicOfRow2 is not null ? topicOfRow2 : "Contract related";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"ID{row:D4},Diane,2021-01-01,9.{10 + row}.58,{topic},Y,Y,109,0.02.23,3\n");
        }

        return Utf8.GetBytes(csv.ToString());
    }

    /// <summary>Amazon Connect contact records, one per line.</summary>
    private static byte[] ContactRecords(params JsonObject[] records) =>
        Utf8.GetBytes(string.Concat(records.Select(r => r.ToJsonString() + "\n")));

    private static JsonObject WithAttribute(JsonObject record, string value)
    {
        record["Attributes"] = new JsonObject { ["note"] = value };
        return record;
    }

    private static JsonObject WithQueue(JsonObject record, string name)
    {
        record["Queue"]!["Name"] = name;
        return record;
    }

    /// <summary>A record whose attributes nest <paramref name="depth"/> objects deep: <c>{"a":{"a":...1}}</c>.</summary>
    private static byte[] NestedRecord(string contactId, int depth) =>
        Utf8.GetBytes($"{{\"ContactId\":\"{contactId}\",\"Attributes\":{string.Concat(Enumerable.Repeat("{\"a\":", depth))}1{new string('}', depth)}}}\n");

    private static byte[] Compress(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zip.Write(content);
        }

        return compressed.ToArray();
    }
}
