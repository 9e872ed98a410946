namespace Scorecard.Pipeline.Mart;

/// <summary>Finds the <c>sql</c> folder (the one holding <c>kpis.yml</c>) in a folder or one of its parents.</summary>
public static class SqlDirectoryLocator
{
    public static string Find(string? startDirectory = null)
    {
        var directory = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory);
        for (var d = directory; d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "sql");
            if (File.Exists(Path.Combine(candidate, "kpis.yml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No sql/kpis.yml in {directory.FullName} or any parent folder; set Mart:SqlDirectory.");
    }
}
