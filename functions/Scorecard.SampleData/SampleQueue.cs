namespace Scorecard.SampleData;

/// <summary>A queue (skill) of the generated centre, with its share of traffic, relative load and wrap-up codes.</summary>
internal sealed record SampleQueue(string Id, string Family, double Weight, double Load, string CaseCategory, IReadOnlyList<string> ReasonCodes)
{
    public bool IsSales => Family == "sales";

    /// <summary>Five families in English and French; English carries about 70% of the traffic.</summary>
    public static readonly IReadOnlyList<SampleQueue> All = Build();

    private static SampleQueue[] Build()
    {
        (string Family, double Weight, double Load, string Category, string[] Reasons)[] families =
        [
            ("support", 0.30, 1.15, "Account and service support", ["how_to", "account_access", "address_change", "service_question"]),
            ("billing", 0.22, 1.00, "Billing, payments and refunds", ["invoice_query", "payment_issue", "refund_request"]),
            ("tech", 0.20, 1.25, "Technical fault", ["no_service", "device_setup", "slow_connection", "outage"]),
            ("sales", 0.18, 0.85, "Sales enquiry", ["new_subscription", "upgrade", "price_enquiry"]),
            ("retention", 0.10, 0.75, "Cancellation and retention", ["cancel_request", "downgrade", "competitor_offer"]),
        ];
        var queues = new List<SampleQueue>();
        foreach ((string family, double weight, double load, string category, string[] reasons) in families)
        {
            queues.Add(new SampleQueue($"{family}_en", family, weight * 0.7, load, category, reasons));
            queues.Add(new SampleQueue($"{family}_fr", family, weight * 0.3, load * 1.1, category, reasons));
        }

        return [.. queues];
    }
}
