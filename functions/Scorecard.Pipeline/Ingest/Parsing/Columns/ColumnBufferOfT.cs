using Parquet;
using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

/// <summary>A column of values of one CLR type; the typed write path for required and nullable columns.</summary>
internal class ColumnBuffer<T>(DataField field, int capacity) : ColumnBuffer(field, capacity)
    where T : struct
{
    private T[]? _compact;
    private int[]? _definitionLevels;

    public T[] Values { get; } = new T[capacity];

    public override async Task WriteAsync(ParquetRowGroupWriter writer, int count, CancellationToken cancellationToken)
    {
        if (!Field.IsNullable)
        {
            await writer.WriteAsync(Field, new ReadOnlyMemory<T>(Values, 0, count), null, null, cancellationToken);
            return;
        }

        _compact ??= new T[Values.Length];
        _definitionLevels ??= new int[Values.Length];
        int n = CompactPresent(Values, _compact, _definitionLevels, count);
        await writer.WriteAllPartsAsync<T>(
            Field, new ReadOnlyMemory<T>(_compact, 0, n), new ReadOnlyMemory<int>(_definitionLevels, 0, count), null, cancellationToken);
    }
}
