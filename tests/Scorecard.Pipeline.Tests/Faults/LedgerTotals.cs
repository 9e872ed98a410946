namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>What <see cref="LakeLedger"/> counted over a store's current extracts.</summary>
public sealed record LedgerTotals(int Extracts, long RowsRead, long RowsWritten, long RowsQuarantined);
