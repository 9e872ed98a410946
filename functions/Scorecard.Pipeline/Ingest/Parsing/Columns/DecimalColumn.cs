using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

internal sealed class DecimalColumn(ColumnContract contract, int capacity)
    : ColumnBuffer<decimal>(new DecimalDataField(contract.Name, 18, 4, isNullable: !contract.Required), capacity)
{
    public override string? Parse(ReadOnlySpan<char> raw, int row) =>
        SpanParsers.ParseDecimal(raw, contract.Min, contract.Max, out Values[row]);
}
