using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

internal sealed class TimestampColumn(ColumnContract contract, int capacity) : ColumnBuffer<DateTime>(
    new DateTimeDataField(contract.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: !contract.Required),
    capacity)
{
    public override string? Parse(ReadOnlySpan<char> raw, int row) => SpanParsers.ParseTimestamp(raw, out Values[row]);

    public override long Ordinal(int row) => Values[row].Ticks;
}
