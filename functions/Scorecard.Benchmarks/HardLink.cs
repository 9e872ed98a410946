using System.Runtime.InteropServices;

namespace Scorecard.Benchmarks;

/// <summary>POSIX link(2): lets a benchmark land a multi-GB input in a store without copying it.</summary>
internal static partial class HardLink
{
    public static int Create(string existing, string link)
    {
        try
        {
            return OperatingSystem.IsWindows() ? -1 : NativeLink(existing, link);
        }
        catch (DllNotFoundException)
        {
            return -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeLink(string existing, string link);
}
