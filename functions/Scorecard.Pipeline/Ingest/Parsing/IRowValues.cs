namespace Scorecard.Pipeline.Ingest;

/// <summary>The parsed values of the row being validated, by column index in the contract, for <see cref="RowRule"/>s.</summary>
internal interface IRowValues
{
    bool IsPresent(int column);

    /// <summary>UTC ticks of a Timestamp column, or day number of a Date column.</summary>
    long Ordinal(int column);

    ReadOnlySpan<char> Text(int column);
}
