using System.Text;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>
/// Builds CSV extracts for tests: every row starts valid for the contract (see <see cref="ValidRow"/>) and a test
/// changes only the fields it is about, so each test states its one point.
/// </summary>
public sealed class ExtractBuilder(DatasetContract contract)
{
    private readonly List<Dictionary<string, string>> _rows = [];
    private List<string> _header = contract.Columns.Select(c => c.Name).ToList();

    public static ExtractBuilder Contacts() => new(ExtractContracts.Contacts);

    public ExtractBuilder Header(params string[] header)
    {
        _header = [.. header];
        return this;
    }

    /// <summary>Adds a valid row whose id ends in <paramref name="n"/>, changed by <paramref name="changes"/> ("column=value").</summary>
    public ExtractBuilder Row(int n, params string[] changes)
    {
        Dictionary<string, string> row = ValidRow(contract, n);
        foreach (string change in changes)
        {
            int eq = change.IndexOf('=');
            row[change[..eq]] = change[(eq + 1)..];
        }

        _rows.Add(row);
        return this;
    }

    public ExtractBuilder Rows(int count, int from = 1)
    {
        for (int i = from; i < from + count; i++)
        {
            Row(i);
        }

        return this;
    }

    public string Build()
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', _header.Select(Quote))).Append('\n');
        foreach (Dictionary<string, string> row in _rows)
        {
            csv.Append(string.Join(',', _header.Select(h => Quote(row.GetValueOrDefault(h, ""))))).Append('\n');
        }

        return csv.ToString();
    }

    public byte[] BuildBytes() => new UTF8Encoding(false).GetBytes(Build());

    public static Dictionary<string, string> ValidRow(DatasetContract contract, int n) => contract.Name switch
    {
        "contacts" => new()
        {
            ["contact_id"] = $"C{n:D6}", ["channel"] = "voice", ["direction"] = "inbound", ["queue_id"] = "support_en",
            ["agent_id"] = "A0001", ["offered_at"] = "2026-10-01T08:00:00Z", ["answered_at"] = "2026-10-01T08:00:15Z",
            ["ended_at"] = "2026-10-01T08:05:00Z", ["talk_seconds"] = "240", ["hold_seconds"] = "20", ["acw_seconds"] = "30",
            ["outcome"] = "answered", ["customer_id"] = $"K{n:D7}", ["reason_code"] = "billing",
        },
        "cases" => new()
        {
            ["case_id"] = $"S{n:D6}", ["contact_id"] = $"C{n:D6}", ["customer_id"] = $"K{n:D7}",
            ["opened_at"] = "2026-10-01T08:05:00Z", ["closed_at"] = "2026-10-02T10:00:00Z", ["category"] = "billing",
            ["status"] = "resolved", ["resolved_first_contact"] = "true", ["complaint"] = "false",
        },
        _ => throw new ArgumentException($"no valid row template for {contract.Id}"),
    };

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
