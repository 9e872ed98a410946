using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// Local work folders of one run (an ingest's Parquet being written, a build's copy of the mart, DuckDB's spill
/// files), deleted by the run when it ends. A run that is killed cannot delete its folder, so each folder is named
/// after its owner, <c>&lt;kind&gt;-&lt;process id&gt;-&lt;process start, Unix seconds&gt;-&lt;id&gt;</c>, and every new
/// folder of a kind first removes the leftovers of that kind whose owner process is gone and that nobody has written
/// to for <see cref="AbandonedAfter"/>. A live run's folder is never removed, however old; a folder of unknown owner
/// (another naming) only once it is that old.
/// </summary>
public static class ScratchFolders
{
    /// <summary>How long a dead run's folder must have gone unwritten before it is removed (as for the local store's <c>.tmp</c>).</summary>
    public static readonly TimeSpan AbandonedAfter = LocalFolderStore.AbandonedAfter;

    private static readonly long OwnStart = StartSeconds(Process.GetCurrentProcess());

    /// <summary>Removes abandoned folders of <paramref name="kind"/> under <paramref name="parent"/>, then creates this run's own.</summary>
    public static string Create(string parent, string kind)
    {
        RemoveAbandoned(parent, kind);
        string path = Path.Combine(parent, NameFor(kind, Environment.ProcessId, OwnStart));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes the folders of <paramref name="kind"/> under <paramref name="parent"/> that dead runs left; returns how many.</summary>
    public static int RemoveAbandoned(string parent, string kind)
    {
        if (!Directory.Exists(parent))
        {
            return 0;
        }

        DateTime before = DateTime.UtcNow - AbandonedAfter;
        int removed = 0;
        foreach (DirectoryInfo folder in new DirectoryInfo(parent).EnumerateDirectories(kind + "-*"))
        {
            try
            {
                if (IsOwnerAlive(folder.Name[(kind.Length + 1)..]) || LastWrite(folder) >= before)
                {
                    continue;
                }

                folder.Delete(recursive: true);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Removed by another run meanwhile, or not ours to remove: leave it for the next time.
            }
        }

        return removed;
    }

    /// <summary>A new folder name of <paramref name="kind"/> owned by the process <paramref name="processId"/> started at <paramref name="startSeconds"/>.</summary>
    internal static string NameFor(string kind, int processId, long startSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}-{processId}-{startSeconds}-{Guid.NewGuid():N}");

    /// <summary>When <paramref name="process"/> started, in Unix seconds, as folder names record it.</summary>
    internal static long StartSeconds(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();

    /// <summary>Whether the process a folder name (after the kind) names is still running; false for other names.</summary>
    private static bool IsOwnerAlive(string name)
    {
        string[] parts = name.Split('-');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long started))
        {
            return false;
        }

        try
        {
            using Process process = Process.GetProcessById(processId);
            // The same id may since have been given to another process: it started at another time.
            return Math.Abs(StartSeconds(process) - started) <= 2;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            return true; // cannot tell: keep it
        }
    }

    /// <summary>The latest write to the folder or anything in it.</summary>
    private static DateTime LastWrite(DirectoryInfo folder)
    {
        DateTime latest = folder.LastWriteTimeUtc;
        foreach (FileSystemInfo entry in folder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LastWriteTimeUtc > latest)
            {
                latest = entry.LastWriteTimeUtc;
            }
        }

        return latest;
    }
}
