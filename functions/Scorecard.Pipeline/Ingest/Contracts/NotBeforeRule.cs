namespace Scorecard.Pipeline.Ingest;

/// <summary><c>later &gt;= earlier</c> when both have a value (timestamps or dates).</summary>
public sealed class NotBeforeRule(string later, string earlier) : RowRule(later)
{
    private int _later;
    private int _earlier;

    public override string Description => $"{Column} >= {earlier} when both are present";

    internal override void Bind(DatasetContract contract)
    {
        _later = contract.IndexOf(Column);
        _earlier = contract.IndexOf(earlier);
    }

    internal override string? Check(IRowValues row) =>
        row.IsPresent(_later) && row.IsPresent(_earlier) && row.Ordinal(_later) < row.Ordinal(_earlier)
            ? $"{Column} is before {earlier}"
            : null;
}
