namespace Scorecard.Pipeline.Storage;

public sealed class BlobNotFoundException(string container, string path)
    : Exception($"No blob '{path}' in container '{container}'.")
{
    public string Container { get; } = container;

    public string BlobPath { get; } = path;
}
