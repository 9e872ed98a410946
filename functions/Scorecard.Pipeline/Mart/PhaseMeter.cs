using System.Diagnostics;
using System.Globalization;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Measures the phases of a build one after another (<see cref="BuildPhase"/>). The peak resident memory of a phase is
/// Linux's high-water mark (<c>VmHWM</c>), reset at the start of each phase through <c>/proc/self/clear_refs</c>; where
/// that is not available (another OS) it is the process's peak so far.
/// </summary>
public sealed class PhaseMeter
{
    private const string Status = "/proc/self/status";
    private const string ClearRefs = "/proc/self/clear_refs";

    private readonly List<BuildPhase> _phases = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _cpu;

    public PhaseMeter() => Restart();

    /// <summary>The phases measured so far, in order.</summary>
    public IReadOnlyList<BuildPhase> Phases => _phases;

    /// <summary>Ends the current phase under <paramref name="name"/> and starts the next one.</summary>
    public BuildPhase Next(string name, double duckDbMb = 0, long storeBytesRead = 0, long storeBytesWritten = 0)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var phase = new BuildPhase(name, Math.Round(_clock.Elapsed.TotalSeconds, 3), Math.Round((cpu - _cpu).TotalSeconds, 3), Math.Round(PeakRssMb()),
            Math.Round(GC.GetTotalMemory(false) / 1048576.0), Math.Round(duckDbMb), storeBytesRead, storeBytesWritten);
        _phases.Add(phase);
        Restart();
        return phase;
    }

    /// <summary>Adds phases measured elsewhere (the builder's, inside the publisher's).</summary>
    public void Add(IEnumerable<BuildPhase> phases)
    {
        _phases.AddRange(phases);
        Restart();
    }

    /// <summary>The process's peak resident memory in MiB since the last reset (Linux), or since it started.</summary>
    public static double PeakRssMb()
    {
        if (File.Exists(Status))
        {
            string? line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line[6..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
            {
                return kb / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    private void Restart()
    {
        try
        {
            // "5" resets the peak resident set size to the current one (Linux 4.0+); a process may write its own.
            using var clear = new FileStream(ClearRefs, FileMode.Open, FileAccess.Write);
            clear.WriteByte((byte)'5');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak is then the process's peak so far.
        }

        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _clock.Restart();
    }
}
