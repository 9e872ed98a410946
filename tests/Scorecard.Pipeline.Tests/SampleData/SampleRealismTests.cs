
namespace Scorecard.Pipeline.Tests.SampleData;

/// <summary>A month of generated data exercises every scorecard measure with plausible values.</summary>
public sealed class SampleRealismTests(MonthSampleFixture fixture, ITestOutputHelper output) : IClassFixture<MonthSampleFixture>
{
    private readonly SampleMeasures _measures = fixture.Measures;

    [Fact]
    public void Abandon_share_over_a_month_is_between_10_and_14_percent()
    {
        output.WriteLine(_measures.Describe());

        Assert.InRange(_measures.AbandonShare, 0.10, 0.14);
    }

    [Fact]
    public void Voice_service_level_at_20_seconds_is_between_70_and_90_percent()
    {
        Assert.InRange(_measures.VoiceServiceLevel, 0.70, 0.90);
    }

    [Fact]
    public void Channel_mix_is_mostly_voice_with_some_outbound()
    {
        Assert.InRange(_measures.VoiceShare, 0.65, 0.75);
        Assert.InRange(_measures.OutboundShare, 0.06, 0.10);
        Assert.InRange(_measures.TransferShare, 0.05, 0.11);
    }

    [Fact]
    public void First_contact_resolution_proxy_is_between_65_and_85_percent()
    {
        Assert.InRange(_measures.FirstContactResolution, 0.65, 0.85);
    }

    [Fact]
    public void Customers_are_mostly_satisfied_and_recommend_moderately()
    {
        Assert.InRange(_measures.CsatTopTwoBox, 0.6, 0.9);
        Assert.InRange(_measures.NetPromoterScore, -30, 50);
    }

    [Fact]
    public void Satisfaction_is_lower_after_long_waits()
    {
        Assert.True(_measures.CsatMeanAfterLongWait < _measures.CsatMeanAfterShortWait - 0.2, _measures.Describe());
    }

    [Fact]
    public void Crm_volumes_follow_the_handled_contacts()
    {
        Assert.InRange(_measures.CaseShare, 0.2, 0.3);
        Assert.InRange(_measures.SurveyShare, 0.09, 0.15);
        Assert.InRange(_measures.SalesConversion, 0.12, 0.3);
        Assert.InRange(_measures.ComplaintShare, 0.02, 0.07);
    }
}
