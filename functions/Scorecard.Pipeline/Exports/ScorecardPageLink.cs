namespace Scorecard.Pipeline.Exports;

/// <summary>
/// One level's HTML page as the other pages link to it: its level, the relative address of the page (a file name
/// beside the linking page, or a query string on the HTTP function) and its members, each reachable as
/// <c>Href#member-&lt;id&gt;</c>.
/// </summary>
public sealed record ScorecardPageLink(string Level, string Href, IReadOnlyList<string> MemberIds);
