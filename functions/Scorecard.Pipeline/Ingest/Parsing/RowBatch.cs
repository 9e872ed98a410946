using Parquet;
using Parquet.Schema;
using Scorecard.Pipeline.Ingest.Columns;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// The row group under construction for one extract: a buffer per contract column, the derived UTC event date,
/// and the lineage columns (extract id, source file, source row number). Rows are parsed into slot
/// <see cref="Count"/> and only become part of the batch on <see cref="Commit"/>, so a rejected row leaves no trace.
/// </summary>
internal sealed class RowBatch : IRowValues
{
    public const string ExtractIdColumn = "extract_id";
    public const string SourceFileColumn = "source_file";
    public const string SourceRowColumn = "source_row_number";

    private readonly ColumnBuffer[] _columns;
    private readonly ColumnBuffer<DateOnly>? _eventDate;
    private readonly int _eventDateFrom;
    private readonly ColumnBuffer<ReadOnlyMemory<char>> _extractId;
    private readonly ColumnBuffer<ReadOnlyMemory<char>> _sourceFile;
    private readonly ColumnBuffer<long> _sourceRow;
    private readonly ReadOnlyMemory<char> _extractIdValue;
    private readonly ReadOnlyMemory<char> _sourceFileValue;

    public RowBatch(DatasetContract contract, int capacity, Pseudonymizer pseudonymizer, string extractId, string sourceFile)
    {
        Capacity = capacity;
        _columns = contract.Columns.Select(c => Create(c, capacity, pseudonymizer)).ToArray();
        if (contract.EventDate is { } eventDate)
        {
            _eventDate = new ColumnBuffer<DateOnly>(new DataField<DateOnly>(eventDate.Name, false), capacity);
            _eventDateFrom = contract.IndexOf(eventDate.From);
        }

        _extractId = new ColumnBuffer<ReadOnlyMemory<char>>(new DataField<string>(ExtractIdColumn, false), capacity);
        _sourceFile = new ColumnBuffer<ReadOnlyMemory<char>>(new DataField<string>(SourceFileColumn, false), capacity);
        _sourceRow = new ColumnBuffer<long>(new DataField<long>(SourceRowColumn, false), capacity);
        _extractIdValue = extractId.AsMemory();
        _sourceFileValue = sourceFile.AsMemory();

        var fields = _columns.Select(c => c.Field).ToList();
        if (_eventDate is not null)
        {
            fields.Add(_eventDate.Field);
        }

        fields.AddRange([_extractId.Field, _sourceFile.Field, _sourceRow.Field]);
        Schema = new ParquetSchema(fields);
        DictionaryColumns = contract.Columns.Where(c => c.LowCardinality).Select(c => c.Name)
            .Concat([ExtractIdColumn, SourceFileColumn]).ToArray();
        DeltaColumns = contract.Columns.Where(c => c.Kind == ColumnKind.Integer).Select(c => c.Name)
            .Append(SourceRowColumn).ToArray();
    }

    public ParquetSchema Schema { get; }

    /// <summary>Columns worth dictionary encoding: few distinct values per row group.</summary>
    public IReadOnlyList<string> DictionaryColumns { get; }

    /// <summary>Integer columns: delta bit-packing stores small counts and the row number in a few bits each.</summary>
    public IReadOnlyList<string> DeltaColumns { get; }

    public int Capacity { get; }

    /// <summary>Rows committed to the current row group; also the slot the next row is parsed into.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    public string? Parse(int column, ReadOnlySpan<char> raw)
    {
        ColumnBuffer buffer = _columns[column];
        buffer.SetPresent(Count, true);
        return buffer.Parse(raw, Count);
    }

    public void SetEmpty(int column) => _columns[column].SetPresent(Count, false);

    public void Commit(long sourceRowNumber)
    {
        int row = Count;
        if (_eventDate is not null)
        {
            _eventDate.Values[row] = DateOnly.FromDayNumber((int)(_columns[_eventDateFrom].Ordinal(row) / TimeSpan.TicksPerDay));
        }

        _extractId.Values[row] = _extractIdValue;
        _sourceFile.Values[row] = _sourceFileValue;
        _sourceRow.Values[row] = sourceRowNumber;
        Count++;
    }

    public async Task FlushAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        if (Count == 0)
        {
            return;
        }

        using (ParquetRowGroupWriter group = writer.CreateRowGroup())
        {
            foreach (ColumnBuffer column in _columns)
            {
                await column.WriteAsync(group, Count, cancellationToken);
            }

            if (_eventDate is not null)
            {
                await _eventDate.WriteAsync(group, Count, cancellationToken);
            }

            await _extractId.WriteAsync(group, Count, cancellationToken);
            await _sourceFile.WriteAsync(group, Count, cancellationToken);
            await _sourceRow.WriteAsync(group, Count, cancellationToken);
            group.CompleteValidate();
        }

        foreach (ColumnBuffer column in _columns)
        {
            column.Reset();
        }

        Count = 0;
    }

    bool IRowValues.IsPresent(int column) => _columns[column].IsPresent(Count);

    long IRowValues.Ordinal(int column) => _columns[column].Ordinal(Count);

    ReadOnlySpan<char> IRowValues.Text(int column) => _columns[column].Text(Count);

    private static ColumnBuffer Create(ColumnContract c, int capacity, Pseudonymizer pseudonymizer) => c.Kind switch
    {
        ColumnKind.Timestamp => new TimestampColumn(c, capacity),
        ColumnKind.Date => new DateColumn(c.Name, !c.Required, capacity),
        ColumnKind.Integer => new IntegerColumn(c, capacity),
        ColumnKind.Decimal => new DecimalColumn(c, capacity),
        ColumnKind.Boolean => new BooleanColumn(c, capacity),
        ColumnKind.Pseudonym => new PseudonymColumn(c, capacity, pseudonymizer),
        _ => new TextColumn(c, capacity),
    };
}
