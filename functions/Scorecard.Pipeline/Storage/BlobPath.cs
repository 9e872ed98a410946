using System.Text;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// The rules every blob path follows, so the same path means the same thing in a local folder and in Azure:
/// a relative, forward-slash path of non-empty segments, no <c>.</c> or <c>..</c>, no backslashes or control
/// characters, each segment at most 255 UTF-8 bytes (a file name on common file systems), the whole path at
/// most 1024 characters (the Azure blob name limit).
/// </summary>
public static class BlobPath
{
    public const int MaxPathLength = 1024;

    public const int MaxSegmentBytes = 255;

    /// <summary>Throws <see cref="InvalidBlobPathException"/> unless the container is known and the path is valid.</summary>
    public static void Validate(string container, string path)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(path);
        ValidateContainer(container, path);
        var problem = FindProblem(path, isPrefix: false);
        if (problem is not null)
        {
            throw new InvalidBlobPathException(container, path, problem);
        }
    }

    /// <summary>
    /// Validates a listing prefix: like <see cref="Validate"/>, except that it may be empty, may end with '/',
    /// and its last segment may be the start of a name (so "2024-0" or "a/." are fine).
    /// </summary>
    public static void ValidatePrefix(string container, string prefix)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(prefix);
        ValidateContainer(container, prefix);
        var problem = prefix.Length == 0 ? null : FindProblem(prefix, isPrefix: true);
        if (problem is not null)
        {
            throw new InvalidBlobPathException(container, prefix, problem);
        }
    }

    /// <summary>
    /// Joins segments with '/', trimming slashes where they meet, and validates the result
    /// (so an empty segment is an error rather than silently dropped).
    /// </summary>
    public static string Combine(params string[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var path = string.Join('/', segments.Select(segment => (segment ?? string.Empty).Trim('/')));
        var problem = FindProblem(path, isPrefix: false);
        if (problem is not null)
        {
            throw new InvalidBlobPathException(string.Empty, path, problem);
        }

        return path;
    }

    private static void ValidateContainer(string container, string path)
    {
        if (!StoreContainers.All.Contains(container, StringComparer.Ordinal))
        {
            throw new InvalidBlobPathException(
                container,
                path,
                $"unknown container (expected one of {string.Join(", ", StoreContainers.All)})");
        }
    }

    private static string? FindProblem(string path, bool isPrefix)
    {
        if (path.Length == 0)
        {
            return "the path is empty";
        }

        if (path.Length > MaxPathLength)
        {
            return $"the path is {path.Length} characters long, more than {MaxPathLength}";
        }

        if (path[0] == '/')
        {
            return "the path starts with '/' (paths are relative to the container)";
        }

        var backslash = path.IndexOf('\\', StringComparison.Ordinal);
        if (backslash >= 0)
        {
            return $"the path contains a backslash at position {backslash} (use '/')";
        }

        for (var index = 0; index < path.Length; index++)
        {
            if (char.IsControl(path[index]))
            {
                return $"the path contains control character \\u{(int)path[index]:X4} at position {index}";
            }
        }

        var segments = path.Split('/');
        for (var index = 0; index < segments.Length; index++)
        {
            var segment = segments[index];
            var isPartial = isPrefix && index == segments.Length - 1;
            if (!isPartial && segment.Length == 0)
            {
                return index == segments.Length - 1
                    ? "the path ends with '/'"
                    : $"segment {index + 1} is empty ('//')";
            }

            if (!isPartial && segment is "." or "..")
            {
                return $"segment {index + 1} is '{segment}' (no relative segments)";
            }

            var bytes = Encoding.UTF8.GetByteCount(segment);
            if (bytes > MaxSegmentBytes)
            {
                return $"segment {index + 1} is {bytes} UTF-8 bytes long, more than {MaxSegmentBytes}";
            }
        }

        return null;
    }
}
