namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// <c>column</c> must have a value when <c>condition</c> has one, or, when <c>code</c> is given, when
/// <c>condition</c> equals that code (e.g. agent_id is present when answered_at is; closed_at when status is resolved).
/// </summary>
public sealed class PresentWhenRule(string column, string condition, string? code = null) : RowRule(column)
{
    private int _column;
    private int _condition;

    public override string Description => code is null
        ? $"{Column} is required when {condition} is present"
        : $"{Column} is required when {condition} is {code}";

    internal override void Bind(DatasetContract contract)
    {
        _column = contract.IndexOf(Column);
        _condition = contract.IndexOf(condition);
    }

    internal override string? Check(IRowValues row)
    {
        bool applies = code is null ? row.IsPresent(_condition) : row.Text(_condition).SequenceEqual(code);
        if (!applies || row.IsPresent(_column))
        {
            return null;
        }

        return code is null ? $"{Column} is empty but {condition} is present" : $"{Column} is empty but {condition} is {code}";
    }
}
