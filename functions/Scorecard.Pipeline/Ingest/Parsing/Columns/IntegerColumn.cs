using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

internal sealed class IntegerColumn(ColumnContract contract, int capacity)
    : ColumnBuffer<int>(new DataField<int>(contract.Name, !contract.Required), capacity)
{
    private readonly long _min = (long)contract.Min;
    private readonly long _max = (long)contract.Max;

    public override string? Parse(ReadOnlySpan<char> raw, int row) => SpanParsers.ParseInteger(raw, _min, _max, out Values[row]);
}
