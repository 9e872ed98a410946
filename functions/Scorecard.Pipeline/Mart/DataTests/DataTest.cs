namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One data test: a query returning the rows that break a rule (none when the rule holds), named so a failure
/// reads as what broke, e.g. <c>marts.fct_contact.contact_id unique</c>.
/// </summary>
internal sealed record DataTest(string Name, string Sql, string DefinedIn);
