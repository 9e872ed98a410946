namespace Scorecard.Functions;

/// <summary>The names the functions' bindings use: one connection for the store, its landing container and queue.</summary>
internal static class StoreNames
{
    /// <summary>The binding connection (app settings <c>ScorecardStorage</c> or <c>ScorecardStorage__*</c>).</summary>
    public const string Connection = StoreConfiguration.ConnectionName;

    /// <summary>The blob path the ingest trigger watches: every blob of the landing container.</summary>
    public const string LandingBlobs = "landing/{name}";

    /// <summary>The queue of build requests: written by the ingest and the nightly check, read by the build.</summary>
    public const string BuildRequestsQueue = "build-requests";
}
