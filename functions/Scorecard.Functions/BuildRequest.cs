namespace Scorecard.Functions;

/// <summary>
/// A message on the <c>build-requests</c> queue: why a build is wanted and when it was asked for. Sent as a JSON
/// object (a string output would be base64-decoded by the host when it happens to look like base64).
/// </summary>
internal sealed record BuildRequest(string Reason, DateTimeOffset RequestedAt, string? LandingPath = null);
