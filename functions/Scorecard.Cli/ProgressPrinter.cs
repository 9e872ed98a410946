using System.Diagnostics;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Cli;

/// <summary>
/// Shows progress of long work on stderr: an updating line on a terminal, a line every few seconds otherwise
/// (CI logs), so stdout stays clean for results.
/// </summary>
internal sealed class ProgressPrinter : IProgress<IngestProgress>
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private string? _current;

    public void Report(IngestProgress value)
    {
        if (_current != value.LandingPath)
        {
            _current = value.LandingPath;
            _total.Restart();
        }

        TimeSpan every = _interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        if (_sinceLast.Elapsed < every || _total.Elapsed < TimeSpan.FromSeconds(1))
        {
            return;
        }

        _sinceLast.Restart();
        double percent = value.TotalBytes > 0 ? 100.0 * value.BytesRead / value.TotalBytes : 0;
        double rate = value.RowsRead / Math.Max(_total.Elapsed.TotalSeconds, 1e-3);
        string line = $"  {value.LandingPath}: {value.RowsRead:N0} rows, {percent:0}% of {value.TotalBytes / 1e6:N1} MB, {rate:N0} rows/s";
        if (_interactive)
        {
            Console.Error.Write("\r" + line.PadRight(Math.Min(Console.BufferWidth - 1, 120)));
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    /// <summary>Ends an updating line before other output is printed.</summary>
    public void Clear()
    {
        if (_interactive && _current is not null)
        {
            Console.Error.Write("\r" + new string(' ', Math.Min(Console.BufferWidth - 1, 120)) + "\r");
        }

        _current = null;
    }
}
