namespace Scorecard.Pipeline.Ingest;

/// <summary>Reads field <paramref name="index"/> of the current CSV record without allocating.</summary>
internal delegate ReadOnlySpan<char> FieldReader(int index);
