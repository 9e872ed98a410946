namespace Scorecard.Pipeline.Storage;

/// <summary>The containers every store has, in the order data flows through them.</summary>
public static class StoreContainers
{
    public const string Landing = "landing";
    public const string Lake = "lake";
    public const string Quarantine = "quarantine";
    public const string Mart = "mart";
    public const string Exports = "exports";
    public const string State = "state";

    public static readonly IReadOnlyList<string> All = [Landing, Lake, Quarantine, Mart, Exports, State];
}
