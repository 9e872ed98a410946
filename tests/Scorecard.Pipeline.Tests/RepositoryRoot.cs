namespace Scorecard.Pipeline.Tests;

/// <summary>Finds the repository root (the folder holding Scorecard.Pipeline.sln) from the test assembly's folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The SQL models folder, <c>sql/</c>.</summary>
    public static string Sql => System.IO.Path.Combine(Path, "sql");

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Scorecard.Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Scorecard.Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
