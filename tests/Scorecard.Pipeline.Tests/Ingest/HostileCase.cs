namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>One hostile input: what it is, how to build its bytes (in code, never a committed binary), what ingest must
/// do with it, and where it lands: a contacts extract by default, or <paramref name="Path"/> (a mapped export under
/// <c>mapped/&lt;mapping&gt;/</c>, which may feed several datasets; the outcome's rows are those of the first).</summary>
public sealed record HostileCase(string Name, Func<byte[]> Content, HostileOutcome Expected, bool Gzip = false, string? Path = null)
{
    public string LandingPath => Path ?? $"telephony/contacts/2026-10-01/contacts.csv{(Gzip ? ".gz" : "")}";

    public override string ToString() => Name;
}
