namespace Scorecard.Pipeline.Mapping;

/// <summary>
/// How one source system's export becomes contract rows: its format, which datasets it feeds, and per contract column
/// an expression over the source's columns. Read from a YAML file by <see cref="SourceMappingReader"/>; the README
/// (section "Source mappings") describes the file.
/// </summary>
public sealed record SourceMapping
{
    public required string Name { get; init; }

    public required string SourceSystem { get; init; }

    public required string Description { get; init; }

    /// <summary>Where the mapping came from (built-in resource name or file path), for messages.</summary>
    public required string Origin { get; init; }

    public required SourceFormat Format { get; init; }

    public char Delimiter { get; init; } = ',';

    /// <summary>The format as the mapping file names it: csv, tsv, json, or csv with another delimiter.</summary>
    public string FormatName => Format == SourceFormat.Json ? "json" : Delimiter == '\t' ? "tsv" : Delimiter == ',' ? "csv" : $"csv ('{Delimiter}')";

    /// <summary>The datasets fed, as <c>source/dataset</c>.</summary>
    public IReadOnlyList<string> Datasets => Outputs.Select(o => o.Contract.Id).ToList();

    internal IReadOnlyDictionary<string, IReadOnlySet<string>> NullValues { get; init; } = new Dictionary<string, IReadOnlySet<string>>();

    internal IReadOnlyList<DropRule> Drops { get; init; } = [];

    internal IReadOnlyList<MappingOutput> Outputs { get; init; } = [];

    /// <summary>Every source column (or JSON path) the mapping reads.</summary>
    internal IReadOnlyList<string> SourceColumns =>
        Drops.SelectMany(d => d.When.Columns())
            .Concat(Outputs.SelectMany(o => o.Skip.SelectMany(s => s.When.Columns()).Concat(o.Columns.SelectMany(c => c.Value.Columns()))))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
