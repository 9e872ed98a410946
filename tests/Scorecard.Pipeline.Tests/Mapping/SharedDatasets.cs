namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>
/// The real public call-centre files beside the repository (<c>&lt;repo root&gt;/../shared/datasets</c>; see each folder's
/// SOURCE.md). They are never copied into the repository. Without the folder the tests that read them are reported as
/// skipped with this reason (never as passed).
/// </summary>
internal static class SharedDatasets
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "datasets"));

    public static string? SkipReason => Directory.Exists(Folder)
        ? null
        : $"The shared public datasets are not at {Folder}: these tests ingest real files from there (see functions/README.md, Built-in mappings) and are skipped without them.";

    /// <summary>Skips the running test with <see cref="SkipReason"/> when the datasets are absent.</summary>
    public static void Require()
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    public static string File(params string[] parts)
    {
        string path = Path.Combine([Folder, .. parts]);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The shared dataset file {path} is missing (see SOURCE.md in its folder).", path);
    }
}
