namespace Scorecard.Pipeline.Mart;

/// <summary>
/// What one phase of a build cost: wall time, CPU time (user + system, all threads), the process's peak resident
/// memory during the phase (DuckDB, the .NET heap and everything else together), the managed heap and DuckDB's own
/// buffer memory at its end, and the bytes it read from and wrote to the store.
/// </summary>
public sealed record BuildPhase(
    string Name,
    double Seconds,
    double CpuSeconds,
    double PeakRssMb,
    double ManagedHeapMb,
    double DuckDbMb = 0,
    long StoreBytesRead = 0,
    long StoreBytesWritten = 0);
