using System.Globalization;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.SampleData;

/// <summary>Scorecard-style measures computed straight from generated extracts, to check the data is realistic.</summary>
internal sealed record SampleMeasures
{
    public double AbandonShare { get; init; }
    public double VoiceServiceLevel { get; init; }
    public double VoiceShare { get; init; }
    public double OutboundShare { get; init; }
    public double TransferShare { get; init; }
    public double FirstContactResolution { get; init; }
    public double CsatTopTwoBox { get; init; }
    public double CsatMean { get; init; }
    public double CsatMeanAfterLongWait { get; init; }
    public double CsatMeanAfterShortWait { get; init; }
    public double NetPromoterScore { get; init; }
    public double CaseShare { get; init; }
    public double SurveyShare { get; init; }
    public double SalesConversion { get; init; }
    public double ComplaintShare { get; init; }
    public double AverageHandleSeconds { get; init; }
    public int Contacts { get; init; }

    public static SampleMeasures Of(GeneratedSample sample)
    {
        var contacts = sample.AllRows(ExtractContracts.Contacts).Select(r => new
        {
            Id = r("contact_id"),
            Channel = r("channel"),
            Inbound = r("direction") == "inbound",
            Queue = r("queue_id"),
            Outcome = r("outcome"),
            Customer = r("customer_id"),
            Offered = ExtractRowChecker.ParseTimestamp(r("offered_at")),
            Wait = r("answered_at").Length > 0
                ? (ExtractRowChecker.ParseTimestamp(r("answered_at")) - ExtractRowChecker.ParseTimestamp(r("offered_at"))).TotalSeconds
                : (ExtractRowChecker.ParseTimestamp(r("ended_at")) - ExtractRowChecker.ParseTimestamp(r("offered_at"))).TotalSeconds,
            Handle = int.Parse(r("talk_seconds"), CultureInfo.InvariantCulture) + int.Parse(r("hold_seconds"), CultureInfo.InvariantCulture)
                + int.Parse(r("acw_seconds"), CultureInfo.InvariantCulture),
        }).ToList();
        var byId = contacts.ToDictionary(c => c.Id);
        var inbound = contacts.Where(c => c.Inbound).ToList();
        var handled = contacts.Where(c => c.Outcome != "abandoned").ToList();
        var voice = inbound.Where(c => c.Channel == "voice").ToList();

        // FCR proxy: handled contacts of known customers with no later contact from the same customer within 7 days.
        var byCustomer = contacts.Where(c => c.Customer.Length > 0).ToLookup(c => c.Customer);
        var eligible = handled.Where(c => c.Customer.Length > 0).ToList();
        int resolved = eligible.Count(c => !byCustomer[c.Customer].Any(o => o.Offered > c.Offered && o.Offered <= c.Offered.AddDays(7)));

        var surveys = sample.AllRows(ExtractContracts.Surveys).Select(r => new
        {
            Csat = r("csat").Length > 0 ? int.Parse(r("csat"), CultureInfo.InvariantCulture) : (int?)null,
            Nps = r("nps").Length > 0 ? int.Parse(r("nps"), CultureInfo.InvariantCulture) : (int?)null,
            Wait = byId[r("contact_id")].Wait,
            Channel = byId[r("contact_id")].Channel,
        }).ToList();
        var csat = surveys.Where(s => s.Csat is not null).ToList();
        var nps = surveys.Where(s => s.Nps is not null).Select(s => s.Nps!.Value).ToList();
        var cases = sample.AllRows(ExtractContracts.Cases).Select(r => r("complaint")).ToList();
        int salesHandled = handled.Count(c => c.Queue.StartsWith("sales_", StringComparison.Ordinal));

        return new SampleMeasures
        {
            Contacts = contacts.Count,
            AbandonShare = inbound.Count(c => c.Outcome == "abandoned") / (double)inbound.Count,
            VoiceServiceLevel = voice.Count(c => c.Outcome != "abandoned" && c.Wait <= 20) / (double)voice.Count,
            VoiceShare = contacts.Count(c => c.Channel == "voice") / (double)contacts.Count,
            OutboundShare = contacts.Count(c => !c.Inbound) / (double)contacts.Count,
            TransferShare = contacts.Count(c => c.Outcome == "transferred") / (double)contacts.Count,
            FirstContactResolution = resolved / (double)eligible.Count,
            CsatTopTwoBox = csat.Count(s => s.Csat >= 4) / (double)csat.Count,
            CsatMean = csat.Average(s => s.Csat!.Value),
            CsatMeanAfterLongWait = csat.Where(s => s.Channel == "voice" && s.Wait > 60).Average(s => s.Csat!.Value),
            CsatMeanAfterShortWait = csat.Where(s => s.Channel == "voice" && s.Wait <= 20).Average(s => s.Csat!.Value),
            NetPromoterScore = 100.0 * (nps.Count(n => n >= 9) - nps.Count(n => n <= 6)) / nps.Count,
            CaseShare = cases.Count / (double)handled.Count,
            SurveyShare = surveys.Count / (double)handled.Count,
            SalesConversion = sample.AllRows(ExtractContracts.Sales).Count() / (double)salesHandled,
            ComplaintShare = cases.Count(c => c == "true") / (double)cases.Count,
            AverageHandleSeconds = handled.Average(c => c.Handle),
        };
    }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        contacts {Contacts}, abandon {AbandonShare:P1} of inbound, voice SL@20s {VoiceServiceLevel:P1}, voice {VoiceShare:P1}, outbound {OutboundShare:P1}, transferred {TransferShare:P1}
        FCR proxy {FirstContactResolution:P1}, CSAT top-2 {CsatTopTwoBox:P1} (mean {CsatMean:F2}; voice wait >60 s {CsatMeanAfterLongWait:F2}, <=20 s {CsatMeanAfterShortWait:F2}), NPS {NetPromoterScore:F1}
        cases {CaseShare:P1} of handled (complaints {ComplaintShare:P1}), surveys {SurveyShare:P1}, sales conversion {SalesConversion:P1}, AHT {AverageHandleSeconds:F0} s
        """);
}
