namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>One hostile input: what it is, how to build its bytes (in code, never a committed binary) and what ingest must do with it.</summary>
public sealed record HostileCase(string Name, Func<byte[]> Content, HostileOutcome Expected, bool Gzip = false)
{
    public string LandingPath => $"telephony/contacts/2026-10-01/contacts.csv{(Gzip ? ".gz" : "")}";

    public override string ToString() => Name;
}
