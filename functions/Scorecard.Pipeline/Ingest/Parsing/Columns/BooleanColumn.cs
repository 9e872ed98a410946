using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

internal sealed class BooleanColumn(ColumnContract contract, int capacity)
    : ColumnBuffer<bool>(new DataField<bool>(contract.Name, !contract.Required), capacity)
{
    public override string? Parse(ReadOnlySpan<char> raw, int row) => SpanParsers.ParseBoolean(raw, out Values[row]);
}
