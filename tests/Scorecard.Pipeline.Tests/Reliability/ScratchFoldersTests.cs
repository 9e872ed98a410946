using System.Diagnostics;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>Which leftover work folders a new run removes: only those of dead or unknown owners, and only once an hour old.</summary>
public sealed class ScratchFoldersTests : IDisposable
{
    private static readonly TimeSpan Old = ScratchFolders.AbandonedAfter + TimeSpan.FromMinutes(1);
    private readonly TempFolder _parent = new();

    public void Dispose() => _parent.Dispose();

    [Fact]
    public void A_new_folder_removes_old_folders_of_dead_and_unknown_owners_and_keeps_recent_ones_live_ones_and_other_kinds()
    {
        (int deadId, long deadStart) = ExitedProcess();
        string deadOld = Make(ScratchFolders.NameFor("work", deadId, deadStart), Old);
        string deadRecent = Make(ScratchFolders.NameFor("work", deadId, deadStart), TimeSpan.Zero);
        string unknownOld = Make("work-a1b2c3", Old);
        string liveOld = Make(ScratchFolders.NameFor("work", Environment.ProcessId, ScratchFolders.StartSeconds(Process.GetCurrentProcess())), Old);
        string reusedIdOld = Make(ScratchFolders.NameFor("work", Environment.ProcessId, 1_000_000), Old);
        string otherKindOld = Make(ScratchFolders.NameFor("other", deadId, deadStart), Old);

        string created = ScratchFolders.Create(_parent.Path, "work");

        Assert.Equal(
            new[] { deadRecent, liveOld, otherKindOld, created }.Order(StringComparer.Ordinal),
            Directory.GetDirectories(_parent.Path).Order(StringComparer.Ordinal));
        Assert.All(new[] { deadOld, unknownOld, reusedIdOld }, folder => Assert.False(Directory.Exists(folder)));
    }

    /// <summary>A folder with a file in it, the folder and the file last written <paramref name="age"/> ago.</summary>
    private string Make(string name, TimeSpan age)
    {
        string folder = Path.Combine(_parent.Path, name);
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "part.tmp");
        File.WriteAllText(file, "left behind");
        DateTime then = DateTime.UtcNow - age;
        File.SetLastWriteTimeUtc(file, then);
        Directory.SetLastWriteTimeUtc(folder, then);
        return folder;
    }

    /// <summary>The id and start of a process that has exited.</summary>
    private static (int Id, long Start) ExitedProcess()
    {
        using Process process = Process.Start(new ProcessStartInfo("cat") { RedirectStandardInput = true })!;
        (int, long) identity = (process.Id, ScratchFolders.StartSeconds(process));
        process.StandardInput.Close();
        process.WaitForExit();
        return identity;
    }
}
