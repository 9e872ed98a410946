using Scorecard.SampleData;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.SampleData;

public sealed class ContactsCsvWriterTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("scorecard-bulk-tests-");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40_003)]
    public async Task Bulk_writer_writes_exactly_the_requested_rows_after_the_header(long rows)
    {
        string path = Path.Combine(_folder.FullName, "contacts.csv");

        await ContactsCsvWriter.WriteAsync(path, rows, seed: 1);

        List<string[]> lines = CsvTestReader.ReadAll(path);
        Assert.Equal(rows + 1, lines.Count);
        Assert.Equal(ExtractContracts.Contacts.Columns.Select(c => c.Name), lines[0]);
    }

    [Fact]
    public async Task Bulk_rows_satisfy_the_contacts_contract()
    {
        string path = Path.Combine(_folder.FullName, "contacts.csv");

        await ContactsCsvWriter.WriteAsync(path, 50_000, seed: 3);

        List<string> problems = ExtractRowChecker.Check(ExtractContracts.Contacts, CsvTestReader.ReadAll(path));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Bulk_rows_have_the_sample_distributions_over_seven_days_and_400_agents()
    {
        string path = Path.Combine(_folder.FullName, "contacts.csv");
        DatasetContract contract = ExtractContracts.Contacts;

        await ContactsCsvWriter.WriteAsync(path, 50_000, seed: 5);

        List<string[]> rows = [.. CsvTestReader.ReadAll(path).Skip(1)];
        double Share(Func<string[], bool> test) => rows.Count(test) / (double)rows.Count;
        Assert.InRange(Share(r => r[contract.IndexOf("outcome")] == "abandoned"), 0.10, 0.14);
        Assert.InRange(Share(r => r[contract.IndexOf("outcome")] == "transferred"), 0.05, 0.11);
        Assert.InRange(Share(r => r[contract.IndexOf("channel")] == "voice"), 0.65, 0.75);
        Assert.InRange(Share(r => r[contract.IndexOf("direction")] == "outbound"), 0.06, 0.10);
        Assert.Equal(7, rows.Select(r => r[contract.IndexOf("offered_at")][..10]).Distinct().Count());
        Assert.Equal(12, rows.Select(r => r[contract.IndexOf("queue_id")]).Distinct().Count());
        Assert.Equal(400, rows.Select(r => r[contract.IndexOf("agent_id")]).Where(a => a.Length > 0).Distinct().Count());
    }

    [Fact]
    public async Task Bulk_output_is_identical_for_the_same_seed_and_differs_for_another()
    {
        string first = Path.Combine(_folder.FullName, "first.csv");
        string second = Path.Combine(_folder.FullName, "second.csv");
        string other = Path.Combine(_folder.FullName, "other.csv");

        await ContactsCsvWriter.WriteAsync(first, 100_000, seed: 9);
        await ContactsCsvWriter.WriteAsync(second, 100_000, seed: 9);
        await ContactsCsvWriter.WriteAsync(other, 100_000, seed: 10);

        byte[] firstBytes = await File.ReadAllBytesAsync(first);
        byte[] secondBytes = await File.ReadAllBytesAsync(second);
        byte[] otherBytes = await File.ReadAllBytesAsync(other);
        Assert.True(firstBytes.SequenceEqual(secondBytes));
        Assert.False(firstBytes.SequenceEqual(otherBytes));
    }

    [Fact]
    public async Task Bulk_writer_rejects_a_negative_row_count()
    {
        string path = Path.Combine(_folder.FullName, "contacts.csv");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ContactsCsvWriter.WriteAsync(path, -1, seed: 1));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
