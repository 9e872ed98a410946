namespace Scorecard.Pipeline.Tests.Ingest;

public enum HostileMutationKind
{
    FlipBit,
    InsertByte,
    DeleteBytes,
    DuplicateDelimiter,
    DropDelimiter,
    InsertQuote,
    DropQuote,
    SwapFields,
    Truncate,
    DuplicateLine,
    InsertLineBreak,
}
