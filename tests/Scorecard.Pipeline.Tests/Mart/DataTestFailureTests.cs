using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using static Scorecard.Pipeline.Tests.Mart.LakeRows;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>A failed data test fails the build, names the test and its rows, and leaves the previous mart in place.</summary>
public sealed class DataTestFailureTests
{
    private static Dictionary<string, object?> FaxContact()
    {
        var contact = Answered("fax-1");
        contact["channel"] = "fax";
        return contact;
    }

    [Fact]
    public void A_failing_data_test_fails_the_build_naming_the_test_and_offending_rows()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("ok-1"), FaxContact());

        var error = Assert.Throws<DataTestsFailedException>(() => bed.Build());

        Assert.Contains("staging.stg_telephony__contacts.channel accepted_values", error.Message);
        Assert.Contains("marts.fct_contact.channel relationships marts.dim_channel.channel", error.Message);
        Assert.Contains("contact_id=fax-1", error.Message);
        Assert.False(error.Report.Succeeded);
    }

    [Fact]
    public void A_failed_build_leaves_the_previous_mart_in_place()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, Answered("ok-1"));
        bed.Build();
        bed.Lake.Write(ExtractContracts.Contacts, "2026-10-02", [FaxContact()]);

        Assert.Throws<DataTestsFailedException>(() => bed.Build());

        Assert.Equal(1L, bed.Count("select count(*) from marts.fct_contact"));
        Assert.False(File.Exists(bed.DatabasePath + ".building"));
    }

    [Fact]
    public void With_failures_allowed_the_report_lists_the_failed_tests()
    {
        using var bed = new MartTestBed();
        bed.Write(ExtractContracts.Agents, Agent("a1"));
        bed.Write(ExtractContracts.Contacts, FaxContact());

        BuildReport report = bed.Build(o => o.FailOnDataTestFailure = false);

        Assert.False(report.Succeeded);
        Assert.Contains(report.FailedTests, t => t.Name == "staging.stg_telephony__contacts.channel accepted_values");
        Assert.True(report.PassedTestCount > 100);
    }
}
