namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>A throwaway SQL root for runner tests: write model files, then point the runner at it.</summary>
internal sealed class SqlFolder : IDisposable
{
    private readonly TempFolder _directory = new();

    public string Root => _directory.Path;

    public SqlFolder With(string relativePath, string text)
    {
        string path = _directory.File(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public void Dispose() => _directory.Dispose();
}
