using Parquet.Schema;

namespace Scorecard.Pipeline.Ingest.Columns;

/// <summary>
/// A string column. Closed sets (codes, currencies) and low-cardinality ids are interned; other text is copied to
/// the row group's arena.
/// </summary>
internal sealed class TextColumn : ColumnBuffer<ReadOnlyMemory<char>>
{
    private const int InternCapacity = 20_000;
    private readonly ColumnContract _contract;
    private readonly CharArena _arena = new();
    private readonly InternTable? _interned;
    private readonly string _allowedList;

    public TextColumn(ColumnContract contract, int capacity)
        : base(new DataField<string>(contract.Name, !contract.Required), capacity)
    {
        _contract = contract;
        _allowedList = string.Join(", ", contract.AllowedValues);
        _interned = contract.Kind switch
        {
            ColumnKind.Code => InternTable.Closed(contract.AllowedValues, StringComparer.OrdinalIgnoreCase),
            _ when contract.LowCardinality => new InternTable(InternCapacity, StringComparer.Ordinal),
            _ => null,
        };
    }

    public override string? Parse(ReadOnlySpan<char> raw, int row)
    {
        if (_contract.Kind == ColumnKind.Code)
        {
            return _interned!.TryGet(raw, out Values[row])
                ? null
                : $"'{SpanParsers.Shorten(raw)}' is not one of {_allowedList}";
        }

        if (SpanParsers.CheckText(raw, _contract.MaxLength) is { } error)
        {
            return $"'{SpanParsers.Shorten(raw)}' {error}";
        }

        if (_contract.Kind == ColumnKind.Currency && (raw.Length != 3 || !char.IsAsciiLetterUpper(raw[0])
            || !char.IsAsciiLetterUpper(raw[1]) || !char.IsAsciiLetterUpper(raw[2])))
        {
            return $"'{SpanParsers.Shorten(raw)}' is not an ISO 4217 currency code (three uppercase letters)";
        }

        if (_interned is null || !(_interned.TryGet(raw, out Values[row]) || _interned.TryAdd(raw, out Values[row])))
        {
            Values[row] = _arena.Store(raw);
        }

        return null;
    }

    public override ReadOnlySpan<char> Text(int row) => IsPresent(row) ? Values[row].Span : default;

    public override void Reset() => _arena.Reset();
}
