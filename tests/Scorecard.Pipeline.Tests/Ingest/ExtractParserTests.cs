using System.Globalization;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>The parser's memory bound: row groups of buffers held at once, whatever the number of rows.</summary>
public sealed class ExtractParserTests
{
    [Fact]
    public async Task A_large_extract_is_parsed_with_at_most_two_row_groups_of_buffers_and_written_in_file_order()
    {
        (ParseOutcome outcome, string file, TempFolder folder) = await ParseAsync(rows: 10_500, rowGroupSize: 1_000);
        using (folder)
        {
            Assert.Equal(10_500, outcome.RowsWritten);
            Assert.Equal(2, outcome.RowGroupBuffers);

            // Row group k holds source rows k*1000+1 .. (k+1)*1000: the writer thread kept the parser's order.
            var groups = LakeQuery.Rows(
                $"select row_group_id, stats_min_value, stats_max_value from parquet_metadata('{file}') " +
                "where path_in_schema = 'source_row_number' order by row_group_id");
            Assert.Equal(11, groups.Count);
            for (int k = 0; k < groups.Count; k++)
            {
                Assert.Equal((k * 1_000) + 1, long.Parse((string)groups[k][1]!, CultureInfo.InvariantCulture));
                Assert.Equal(Math.Min((k + 1) * 1_000, 10_500), long.Parse((string)groups[k][2]!, CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public async Task An_extract_smaller_than_a_row_group_holds_one_row_group_of_buffers()
    {
        (ParseOutcome outcome, _, TempFolder folder) = await ParseAsync(rows: 900, rowGroupSize: 1_000);
        using (folder)
        {
            Assert.Equal(900, outcome.RowsWritten);
            Assert.Equal(1, outcome.RowGroupBuffers);
        }
    }

    private static async Task<(ParseOutcome Outcome, string File, TempFolder Folder)> ParseAsync(int rows, int rowGroupSize)
    {
        var folder = new TempFolder();
        var options = new IngestOptions { RowGroupSize = rowGroupSize };
        var pseudonymizer = new Pseudonymizer(options.PseudonymKey);
        string file = Path.Combine(folder.Path, "out.parquet");
        ParseOutcome outcome;
        await using (FileStream parquet = File.Create(file))
        using (var text = new StreamReader(new MemoryStream(ExtractBuilder.Contacts().Rows(rows).BuildBytes())))
        using (var quarantine = new StringWriter())
        {
            outcome = await new ExtractParser(ExtractContracts.Contacts, options, pseudonymizer).ParseAsync(
                text, "extract-1", "telephony/contacts/2026-10-01/contacts.csv", parquet, Path.Combine(folder.Path, "keys.bin"),
                (header, fields) => new QuarantineWriter(quarantine, "contacts.csv", header, fields, pseudonymizer),
                null, CancellationToken.None);
        }

        return (outcome, file, folder);
    }
}
