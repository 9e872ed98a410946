namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>The repository's folders, found by walking up from the test assembly to the folder holding Scorecard.Pipeline.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Sql => Path.Combine(Root, "sql");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Scorecard.Pipeline.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Scorecard.Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
