using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

public sealed class LandingPathTests
{
    [Theory]
    [InlineData("telephony/contacts/2026-10-01/contacts.csv", "telephony/contacts", false)]
    [InlineData("landing/crm/cases/2026-10-01/cases-part_1.csv.gz", "crm/cases", true)]
    public void Valid_landing_paths_name_their_contract_and_date(string path, string dataset, bool compressed)
    {
        LandingPath parsed = LandingPath.Parse(path);

        Assert.Equal(dataset, parsed.Contract.Id);
        Assert.Equal(new DateOnly(2026, 10, 1), parsed.ExtractDate);
        Assert.Equal(compressed, parsed.IsCompressed);
        Assert.Equal($"{dataset}/extract_date=2026-10-01", parsed.Partition);
    }

    [Theory]
    [InlineData("telephony/contacts/../../state/x.csv", "not allowed")]
    [InlineData("telephony\\contacts\\2026-10-01\\c.csv", "not allowed")]
    [InlineData("/telephony/contacts/2026-10-01/c.csv", "not allowed")]
    [InlineData("telephony/contacts/c.csv", "does not match")]
    [InlineData("telephony/calls/2026-10-01/c.csv", "no contract for 'telephony/calls'")]
    [InlineData("telephony/contacts/2026-13-01/c.csv", "not an extract date")]
    [InlineData("telephony/contacts/2026-10-01/c.xlsx", "must end in .csv")]
    [InlineData("telephony/contacts/2026-10-01/c d.csv", "must end in .csv")]
    public void Untrusted_blob_names_are_rejected_with_the_reason(string path, string expected)
    {
        var error = Assert.Throws<RejectedExtractException>(() => LandingPath.Parse(path));

        Assert.Contains(expected, error.Reason);
    }
}
