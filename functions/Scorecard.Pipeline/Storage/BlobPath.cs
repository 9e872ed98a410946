namespace Scorecard.Pipeline.Storage;

/// <summary>Validates container names and blob paths, which may come from untrusted input.</summary>
public static class BlobPath
{
    public static void Validate(string container, string path)
    {
        if (!StoreContainers.All.Contains(container))
        {
            throw new InvalidBlobPathException($"'{container}' is not a store container ({string.Join(", ", StoreContainers.All)}).");
        }

        if (string.IsNullOrEmpty(path) || path.Length > 1024 || path[0] == '/' || path.Contains('\\') || path.Any(char.IsControl)
            || path.Split('/').Any(s => s.Length == 0 || s == "." || s == ".." || s.Length > 255))
        {
            throw new InvalidBlobPathException($"blob path '{(path.Length > 80 ? path[..77] + "..." : path)}' is not allowed in '{container}'.");
        }
    }
}
