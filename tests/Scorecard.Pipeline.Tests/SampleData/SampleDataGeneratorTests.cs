using System.Globalization;
using Scorecard.SampleData;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.SampleData;

public sealed class SampleDataGeneratorTests(SmallSampleFixture fixture) : IClassFixture<SmallSampleFixture>
{
    private readonly GeneratedSample _sample = fixture.Sample;

    [Fact]
    public void Generator_writes_one_file_per_dataset_and_day_under_landing()
    {
        string[] expected =
        [
            .. from day in Enumerable.Range(0, _sample.Options.Days)
               from contract in ExtractContracts.All
               let date = _sample.Options.StartDate.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
               select $"{contract.Source}/{contract.Name}/{date}/{contract.Name}.csv",
        ];

        string[] written = [.. _sample.Result.Files.Select(f => f.Path)];

        Assert.Equal(expected.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
        Assert.All(_sample.Result.Files, f => Assert.Equal(StoreContainers.Landing, f.Container));
        Assert.All(_sample.Result.Files, f => Assert.True(File.Exists(_sample.FullPath(f)), f.Path));
    }

    [Fact]
    public void Every_file_has_the_contract_columns_in_order_as_its_header()
    {
        foreach (GeneratedFile file in _sample.Result.Files)
        {
            DatasetContract contract = ExtractContracts.All.Single(c => c.Id == file.Dataset);

            string[] header = CsvTestReader.ReadAll(_sample.FullPath(file))[0];

            Assert.Equal(contract.Columns.Select(c => c.Name), header);
        }
    }

    [Fact]
    public void Every_dataset_has_rows_and_the_result_counts_them()
    {
        foreach (DatasetContract contract in ExtractContracts.All)
        {
            long counted = _sample.Result.Files.Where(f => f.Dataset == contract.Id)
                .Sum(f => (long)CsvTestReader.ReadAll(_sample.FullPath(f)).Count - 1);

            Assert.True(counted > 0, $"{contract.Id} is empty");
            Assert.Equal(counted, _sample.Result.RowsByDataset[contract.Id]);
        }
    }

    [Fact]
    public void Every_row_satisfies_its_contract()
    {
        foreach (GeneratedFile file in _sample.Result.Files)
        {
            DatasetContract contract = ExtractContracts.All.Single(c => c.Id == file.Dataset);

            List<string> problems = ExtractRowChecker.Check(contract, CsvTestReader.ReadAll(_sample.FullPath(file)));

            Assert.True(problems.Count == 0, $"{file.Path}:\n{string.Join('\n', problems)}");
        }
    }

    [Theory]
    [InlineData("telephony/contacts", "contact_id")]
    [InlineData("crm/cases", "case_id")]
    [InlineData("crm/surveys", "survey_id")]
    [InlineData("crm/sales", "sale_id")]
    [InlineData("hr/esat", "response_id")]
    public void Identifiers_are_unique_across_all_days(string dataset, string idColumn)
    {
        DatasetContract contract = ExtractContracts.All.Single(c => c.Id == dataset);

        string[] ids = [.. _sample.AllRows(contract).Select(row => row(idColumn))];

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Abandoned_contacts_have_no_agent_no_handling_and_end_when_the_customer_gave_up()
    {
        var abandoned = _sample.AllRows(ExtractContracts.Contacts).Where(row => row("outcome") == "abandoned").ToList();

        Assert.NotEmpty(abandoned);
        Assert.All(abandoned, row =>
        {
            Assert.Equal("", row("agent_id"));
            Assert.Equal("", row("answered_at"));
            Assert.Equal(("0", "0", "0"), (row("talk_seconds"), row("hold_seconds"), row("acw_seconds")));
            Assert.True(ExtractRowChecker.ParseTimestamp(row("ended_at")) > ExtractRowChecker.ParseTimestamp(row("offered_at")));
        });
    }

    [Fact]
    public void Contacts_are_handled_only_by_agents_logged_in_on_a_shift_that_day()
    {
        for (int day = 0; day < _sample.Options.Days; day++)
        {
            DateOnly date = _sample.Options.StartDate.AddDays(day);
            DatasetContract shifts = ExtractContracts.Shifts;
            DatasetContract contacts = ExtractContracts.Contacts;
            HashSet<string> loggedIn =
            [
                .. _sample.Rows(shifts, date)
                    .Where(r => int.Parse(r[shifts.IndexOf("logged_in_seconds")], CultureInfo.InvariantCulture) > 0)
                    .Select(r => r[shifts.IndexOf("agent_id")]),
            ];

            string[] handlers = [.. _sample.Rows(contacts, date).Select(r => r[contacts.IndexOf("agent_id")]).Where(a => a.Length > 0).Distinct()];

            Assert.NotEmpty(handlers);
            Assert.All(handlers, agent => Assert.Contains(agent, loggedIn));
        }
    }

    [Fact]
    public void Shifts_belong_to_agents_employed_that_day_on_the_roster()
    {
        for (int day = 0; day < _sample.Options.Days; day++)
        {
            DateOnly date = _sample.Options.StartDate.AddDays(day);
            Dictionary<string, string[]> roster = _sample.Rows(ExtractContracts.Agents, date).ToDictionary(r => r[0]);

            foreach (string[] shift in _sample.Rows(ExtractContracts.Shifts, date))
            {
                Assert.True(roster.TryGetValue(shift[0], out string[]? agent), $"{shift[0]} is not on the roster of {date}");
                Assert.True(DateOnly.Parse(agent[3], CultureInfo.InvariantCulture) <= date);
                Assert.True(agent[4].Length == 0 || DateOnly.Parse(agent[4], CultureInfo.InvariantCulture) >= date);
            }
        }
    }

    [Fact]
    public void Crm_rows_refer_to_handled_contacts_of_the_same_day()
    {
        for (int day = 0; day < _sample.Options.Days; day++)
        {
            DateOnly date = _sample.Options.StartDate.AddDays(day);
            DatasetContract contacts = ExtractContracts.Contacts;
            Dictionary<string, string[]> handled = _sample.Rows(contacts, date)
                .Where(r => r[contacts.IndexOf("outcome")] != "abandoned")
                .ToDictionary(r => r[contacts.IndexOf("contact_id")]);

            List<string[]> sales = _sample.Rows(ExtractContracts.Sales, date);

            Assert.All(_sample.Rows(ExtractContracts.Surveys, date), s => Assert.Contains(s[1], handled));
            Assert.All(_sample.Rows(ExtractContracts.Cases, date).Where(c => c[1].Length > 0), c => Assert.Contains(c[1], handled));
            Assert.All(sales, s =>
            {
                string[] contact = handled[s[1]];
                Assert.Equal(contact[contacts.IndexOf("agent_id")], s[2]);
                Assert.StartsWith("sales_", contact[contacts.IndexOf("queue_id")], StringComparison.Ordinal);
            });
        }
    }

    [Fact]
    public async Task Generator_output_is_identical_for_the_same_seed()
    {
        using GeneratedSample again = await GeneratedSample.CreateAsync(GeneratedSample.Small());

        foreach (GeneratedFile file in _sample.Result.Files)
        {
            byte[] first = await File.ReadAllBytesAsync(_sample.FullPath(file));
            byte[] second = await File.ReadAllBytesAsync(again.FullPath(file));

            Assert.True(first.AsSpan().SequenceEqual(second), $"{file.Path} differs between runs");
        }
    }

    [Fact]
    public async Task Compressed_output_is_identical_for_the_same_seed()
    {
        GeneratorOptions options = GeneratedSample.Small() with { Days = 2, Compress = true };
        using GeneratedSample first = await GeneratedSample.CreateAsync(options);
        using GeneratedSample second = await GeneratedSample.CreateAsync(options);

        foreach (GeneratedFile file in first.Result.Files)
        {
            byte[] one = await File.ReadAllBytesAsync(first.FullPath(file));
            byte[] two = await File.ReadAllBytesAsync(second.FullPath(file));

            Assert.True(one.AsSpan().SequenceEqual(two), $"{file.Path} differs between runs");
        }
    }

    [Fact]
    public async Task Generator_output_differs_for_another_seed()
    {
        using GeneratedSample other = await GeneratedSample.CreateAsync(GeneratedSample.Small(seed: 7));
        DateOnly date = _sample.Options.StartDate;

        List<string[]> first = _sample.Rows(ExtractContracts.Contacts, date);
        List<string[]> second = other.Rows(ExtractContracts.Contacts, date);

        Assert.NotEqual(first.Select(r => string.Join(',', r)), second.Select(r => string.Join(',', r)));
    }

    [Fact]
    public async Task Compressed_output_holds_the_same_rows_as_plain_output()
    {
        using GeneratedSample gzip = await GeneratedSample.CreateAsync(GeneratedSample.Small() with { Compress = true });

        Assert.All(gzip.Result.Files, f => Assert.EndsWith(".csv.gz", f.Path, StringComparison.Ordinal));
        foreach (DatasetContract contract in ExtractContracts.All)
        {
            DateOnly date = _sample.Options.StartDate.AddDays(2);
            Assert.Equal(_sample.Rows(contract, date), gzip.Rows(contract, date));
        }
    }

    [Fact]
    public async Task Progress_reports_each_day()
    {
        var messages = new List<string>();
        using var store = new TempFolderBlobStore();

        await new SampleDataGenerator().GenerateAsync(store.Store, GeneratedSample.Small() with { Days = 2 }, new SynchronousProgress(messages));

        Assert.Equal(2, messages.Count);
        Assert.StartsWith("2026-10-02: ", messages[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 60, 2_000, "Days")]
    [InlineData(367, 60, 2_000, "Days")]
    [InlineData(30, 4, 2_000, "Agents")]
    [InlineData(30, 60, 0, "ContactsPerDay")]
    [InlineData(30, 60, 500_001, "ContactsPerDay")]
    public async Task Invalid_options_are_rejected_naming_the_setting(int days, int agents, int contactsPerDay, string setting)
    {
        var options = new GeneratorOptions { StartDate = new DateOnly(2026, 10, 1), Days = days, Agents = agents, ContactsPerDay = contactsPerDay };
        using var store = new TempFolderBlobStore();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => new SampleDataGenerator().GenerateAsync(store.Store, options));

        Assert.Equal(setting, error.ParamName);
        Assert.StartsWith(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_run_past_2099_are_rejected()
    {
        var options = new GeneratorOptions { StartDate = new DateOnly(2099, 12, 30), Days = 5 };

        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("StartDate", error.ParamName);
    }

    /// <summary>Collects progress messages as they are reported (the default <see cref="Progress{T}"/> posts them later).</summary>
    private sealed class SynchronousProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }
}
