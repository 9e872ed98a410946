namespace Scorecard.Pipeline.Tests.Mapping;

/// <summary>
/// The real public call-centre files beside the repository (<c>&lt;repo root&gt;/../shared/datasets</c>; see each folder's
/// SOURCE.md). They are never copied into the repository. Without the folder the tests that read them are skipped with
/// this reason, except under <c>CI=true</c>, where they run and fail so a pipeline cannot pass without them quietly.
/// </summary>
internal static class SharedDatasets
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "datasets"));

    public static string? SkipReason => Directory.Exists(Folder) || AzuriteEnvironment.IsCi
        ? null
        : $"The shared public datasets are not at {Folder}: these tests ingest real files from there and are skipped without them. (With CI=true they fail instead.)";

    public static string File(params string[] parts)
    {
        string path = Path.Combine([Folder, .. parts]);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The shared dataset file {path} is missing (see SOURCE.md in its folder).", path);
    }
}
