using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

/// <summary>A customer id column: validated as text, stored only as its pseudonym (BIGINT).</summary>
internal sealed class PseudonymColumn(ColumnContract contract, int capacity, Pseudonymizer pseudonymizer)
    : ColumnBuffer<long>(new DataField<long>(contract.Name, !contract.Required), capacity)
{
    public override string? Parse(ReadOnlySpan<char> raw, int row)
    {
        if (SpanParsers.CheckText(raw, contract.MaxLength) is { } error)
        {
            return error;
        }

        Values[row] = pseudonymizer.Pseudonymize(raw);
        return null;
    }
}
