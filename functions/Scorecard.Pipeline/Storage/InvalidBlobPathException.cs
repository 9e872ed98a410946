using System.Text;

namespace Scorecard.Pipeline.Storage;

/// <summary>
/// A container or blob path that <see cref="BlobPath"/> refuses. The message names the container (when known), the path
/// (control characters shown as <c>\uXXXX</c>) and what is wrong with it.
/// </summary>
public sealed class InvalidBlobPathException(string container, string path, string problem)
    : ArgumentException(Describe(container, path, problem))
{
    public string Container { get; } = container;

    public string BlobPath { get; } = path;

    /// <summary>What is wrong, e.g. "segment 2 is empty".</summary>
    public string Problem { get; } = problem;

    private static string Describe(string container, string path, string problem) => container.Length == 0
        ? $"Invalid blob path '{Printable(path)}': {problem}."
        : $"Invalid blob path '{Printable(path)}' in container '{Printable(container)}': {problem}.";

    private static string Printable(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var character in value)
        {
            if (char.IsControl(character))
            {
                builder.Append($"\\u{(int)character:X4}");
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }
}
