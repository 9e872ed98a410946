namespace Scorecard.Pipeline.Mapping;

/// <summary>A test on source columns: <c>{ column: X, equals: [a, b] }</c>, <c>not_equals</c>, <c>empty: true|false</c>,
/// or <c>{ all: [ ... ] }</c> (every one holds) and <c>{ any: [ ... ] }</c> (at least one holds).</summary>
internal sealed record MappingCondition(
    string? Column, IReadOnlySet<string>? EqualsAny, IReadOnlySet<string>? NotEqualsAny, bool? Empty,
    IReadOnlyList<MappingCondition>? All, IReadOnlyList<MappingCondition>? Any)
{
    public bool Holds(SourceRecord row)
    {
        if (All is not null)
        {
            return All.All(c => c.Holds(row));
        }

        if (Any is not null)
        {
            return Any.Any(c => c.Holds(row));
        }

        string? value = row.Get(Column!);
        if (Empty is { } empty)
        {
            return (value is null) == empty;
        }

        if (EqualsAny is not null)
        {
            return value is not null && EqualsAny.Contains(value);
        }

        return value is null || !NotEqualsAny!.Contains(value);
    }

    public static MappingCondition Read(MappingNode node)
    {
        if (node.Find("all") is { } all)
        {
            node.AllowOnly("all");
            return new MappingCondition(null, null, null, null, all.Items().Select(Read).ToList(), null);
        }

        if (node.Find("any") is { } any)
        {
            node.AllowOnly("any");
            return new MappingCondition(null, null, null, null, null, any.Items().Select(Read).ToList());
        }

        node.AllowOnly("column", "equals", "not_equals", "empty");
        string column = node.Text("column");
        HashSet<string>? Values(string key) =>
            node.Find(key) is { } list ? list.ItemsOrOne().Select(v => v.Text()).ToHashSet(StringComparer.Ordinal) : null;
        bool? empty = node.Find("empty") is { } e
            ? (bool.TryParse(e.Text(), out bool b) ? b : throw e.Error($"expected true or false, found '{e.Text()}'"))
            : null;
        var equalsAny = Values("equals");
        var notEquals = Values("not_equals");
        if ((equalsAny is null ? 0 : 1) + (notEquals is null ? 0 : 1) + (empty is null ? 0 : 1) != 1)
        {
            throw node.Error("expected exactly one of 'equals', 'not_equals' or 'empty' beside 'column'");
        }

        return new MappingCondition(column, equalsAny, notEquals, empty, null, null);
    }

    public IEnumerable<string> Columns() =>
        All is not null ? All.SelectMany(c => c.Columns())
        : Any is not null ? Any.SelectMany(c => c.Columns())
        : [Column!];
}
