namespace Scorecard.Pipeline.Ingest;

/// <summary>A rule across fields of one row. A broken rule quarantines the row, blaming <see cref="Column"/>.</summary>
public abstract class RowRule(string column)
{
    /// <summary>The column named in the quarantine record when the rule is broken.</summary>
    public string Column { get; } = column;

    /// <summary>The rule in words, as the README's contract tables show it.</summary>
    public abstract string Description { get; }

    /// <summary>Resolves column names to indexes; throws when the contract lacks one (a programming error).</summary>
    internal abstract void Bind(DatasetContract contract);

    /// <summary>Returns the reason the row breaks the rule, or null when it holds.</summary>
    internal abstract string? Check(IRowValues row);
}
