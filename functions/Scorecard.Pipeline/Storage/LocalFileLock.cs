namespace Scorecard.Pipeline.Storage;

/// <summary>
/// An exclusive lock on <c>&lt;root&gt;/.locks/&lt;name&gt;.lock</c>: the file is held open with no sharing, which
/// .NET maps to an OS advisory lock, so the kernel releases it when the holding process ends, even by a crash.
/// </summary>
internal sealed class LocalFileLock(FileStream file) : IAsyncDisposable
{
    public static IAsyncDisposable? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            file.Write(System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:O}\n"));
            file.Flush();
            return new LocalFileLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
