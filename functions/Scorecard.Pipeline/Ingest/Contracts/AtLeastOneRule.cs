namespace Scorecard.Pipeline.Ingest;

/// <summary>At least one of two optional columns has a value (e.g. a survey answers csat or nps).</summary>
public sealed class AtLeastOneRule(string first, string second) : RowRule(first)
{
    private int _first;
    private int _second;

    public override string Description => $"at least one of {Column}, {second} is present";

    internal override void Bind(DatasetContract contract)
    {
        _first = contract.IndexOf(Column);
        _second = contract.IndexOf(second);
    }

    internal override string? Check(IRowValues row) =>
        row.IsPresent(_first) || row.IsPresent(_second) ? null : $"both {Column} and {second} are empty";
}
