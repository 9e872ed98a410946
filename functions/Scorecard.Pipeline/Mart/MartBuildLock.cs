using System.Diagnostics;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One build at a time per mart folder: an exclusive lock file (<c>.build.lock</c>) held for the whole build. A
/// second build waits up to its timeout, then gives up with <see cref="MartBusyException"/>. The operating system
/// releases the lock if the process dies, so a crashed build never blocks the next one.
/// </summary>
public sealed class MartBuildLock : IDisposable
{
    public const string FileName = ".build.lock";

    private readonly FileStream _stream;

    private MartBuildLock(FileStream stream) => _stream = stream;

    public static MartBuildLock Acquire(string martDirectory, TimeSpan wait)
    {
        Directory.CreateDirectory(martDirectory);
        string path = Path.Combine(martDirectory, FileName);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    writer.Write($"{Environment.ProcessId} {DateTimeOffset.UtcNow:O}");
                }

                stream.Flush();
                return new MartBuildLock(stream);
            }
            catch (IOException) when (stopwatch.Elapsed < wait)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(200));
            }
            catch (IOException e)
            {
                throw new MartBusyException(
                    $"Another build holds {path}; waited {wait.TotalSeconds:0} s. Try again when it has finished.", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
