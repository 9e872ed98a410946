namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>What <see cref="FaultProxy"/> does to a request it fails.</summary>
public enum FaultKind
{
    None,

    /// <summary>Answers 500 InternalError; the request never reaches the store.</summary>
    Status500,

    /// <summary>Answers 503 ServerBusy; the request never reaches the store.</summary>
    Status503,

    /// <summary>Closes the connection; the request never reaches the store.</summary>
    DropBeforeForwarding,

    /// <summary>The store does the work, then the connection closes: the answer is lost.</summary>
    DropAfterForwarding,

    /// <summary>Half of a download's body, then the connection closes.</summary>
    DropMidDownload,
}
