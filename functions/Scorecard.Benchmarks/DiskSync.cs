using System.Runtime.InteropServices;

namespace Scorecard.Benchmarks;

/// <summary>
/// POSIX sync(2): a measured build starts once the files the process before it wrote are on disk, so it does not pay
/// for their write-back (a 90-day setup leaves several hundred MB of dirty pages behind it).
/// </summary>
internal static partial class DiskSync
{
    public static void Flush()
    {
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                NativeSync();
            }
        }
        catch (DllNotFoundException)
        {
            // no libc: nothing to flush with; the measurement runs as it is
        }
    }

    [LibraryImport("libc", EntryPoint = "sync")]
    private static partial void NativeSync();
}
