namespace Scorecard.Pipeline.Ingest;

/// <summary><c>column</c> is empty exactly when <c>codeColumn</c> equals <c>code</c> (e.g. answered_at is empty exactly when outcome is abandoned).</summary>
public sealed class EmptyExactlyWhenRule(string column, string codeColumn, string code) : RowRule(column)
{
    private int _column;
    private int _codeColumn;

    public override string Description => $"{Column} is empty exactly when {codeColumn} is {code}";

    internal override void Bind(DatasetContract contract)
    {
        _column = contract.IndexOf(Column);
        _codeColumn = contract.IndexOf(codeColumn);
    }

    internal override string? Check(IRowValues row)
    {
        bool isCode = row.Text(_codeColumn).SequenceEqual(code);
        bool present = row.IsPresent(_column);
        if (isCode && present)
        {
            return $"{Column} has a value but {codeColumn} is {code}";
        }

        return !isCode && !present ? $"{Column} is empty but {codeColumn} is not {code}" : null;
    }
}
