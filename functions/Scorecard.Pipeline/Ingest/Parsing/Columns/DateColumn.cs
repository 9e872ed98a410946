using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

internal sealed class DateColumn(string name, bool nullable, int capacity)
    : ColumnBuffer<DateOnly>(new DataField<DateOnly>(name, nullable), capacity)
{
    public override string? Parse(ReadOnlySpan<char> raw, int row) => SpanParsers.ParseDate(raw, out Values[row]);

    public override long Ordinal(int row) => Values[row].DayNumber;
}
