namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One Parquet file of the lake as a build saw it: path relative to the lake root
/// (<c>&lt;source&gt;/&lt;dataset&gt;/extract_date=&lt;day&gt;/&lt;extract-id&gt;.parquet</c>) and size. Lake files are
/// never rewritten under the same name (the name is the extract id), so path and size identify a file's content.
/// </summary>
internal sealed record LakeFile(string Path, long Size)
{
    /// <summary><c>&lt;source&gt;/&lt;dataset&gt;</c>.</summary>
    public string Dataset => string.Join('/', Path.Split('/').Take(2));

    /// <summary><c>&lt;source&gt;/&lt;dataset&gt;/extract_date=&lt;day&gt;</c>: the partition a new extract replaces.</summary>
    public string Partition => Path[..Path.LastIndexOf('/')];

    /// <summary>The extract id: the file name without <c>.parquet</c>.</summary>
    public string ExtractId => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Every Parquet file under <paramref name="lakeRoot"/>, ordered by path.</summary>
    public static IReadOnlyList<LakeFile> Scan(string lakeRoot) =>
        !Directory.Exists(lakeRoot)
            ? []
            : Directory.EnumerateFiles(lakeRoot, "*.parquet", SearchOption.AllDirectories)
                .Select(f => new LakeFile(System.IO.Path.GetRelativePath(lakeRoot, f).Replace('\\', '/'), new FileInfo(f).Length))
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
}
