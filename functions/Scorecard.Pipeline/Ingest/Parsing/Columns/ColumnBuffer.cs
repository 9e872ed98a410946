using Parquet;
using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

/// <summary>
/// One Parquet column of a row group under construction: values by row index, and for nullable columns a
/// presence flag per row. Values are written densely while reading and compacted with definition levels on flush.
/// </summary>
internal abstract class ColumnBuffer(DataField field, int capacity)
{
    private readonly bool[]? _present = field.IsNullable ? new bool[capacity] : null;

    public DataField Field { get; } = field;

    /// <summary>Parses and validates a non-empty field into row <paramref name="row"/>; returns the reason it is wrong, or null.</summary>
    public virtual string? Parse(ReadOnlySpan<char> raw, int row) => throw new NotSupportedException($"{Field.Name} is derived, not parsed.");

    public void SetPresent(int row, bool present)
    {
        if (_present is not null)
        {
            _present[row] = present;
        }
    }

    public bool IsPresent(int row) => _present is null || _present[row];

    /// <summary>Comparable value of a timestamp (UTC ticks) or date (day number) column, for cross-field rules.</summary>
    public virtual long Ordinal(int row) => throw new NotSupportedException($"{Field.Name} has no ordinal value.");

    /// <summary>The text of a string column, for cross-field rules and keys.</summary>
    public virtual ReadOnlySpan<char> Text(int row) => throw new NotSupportedException($"{Field.Name} is not text.");

    public abstract Task WriteAsync(ParquetRowGroupWriter writer, int count, CancellationToken cancellationToken);

    /// <summary>Called after each row group is written, to reuse per-row-group storage.</summary>
    public virtual void Reset()
    {
    }

    protected int CompactPresent<T>(T[] values, T[] compact, int[] definitionLevels, int count)
    {
        bool[] present = _present!;
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            if (present[i])
            {
                compact[n++] = values[i];
                definitionLevels[i] = 1;
            }
            else
            {
                definitionLevels[i] = 0;
            }
        }

        return n;
    }
}
