namespace Scorecard.Pipeline.Storage;

public sealed class InvalidBlobPathException(string message) : ArgumentException(message);
