using System.Text.RegularExpressions;
using Scorecard.Pipeline.Ingest;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mapping;

/// <summary>Reads a source mapping YAML file. Every mistake is a <see cref="MappingDefinitionException"/> naming the
/// file, the line, the key path and what was expected.</summary>
public static partial class SourceMappingReader
{
    private static readonly string[] ExpressionKinds =
        ["column", "constant", "duration", "timestamp", "date", "plus_seconds", "first_of", "concat", "field"];

    public static SourceMapping Read(string origin, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new MappingDefinitionException(origin, (int)e.Start.Line, "(document)", $"expected valid YAML ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this for some unterminated flow collections (e.g. '[' without ']').
            throw new MappingDefinitionException(origin, 1, "(document)", $"expected valid YAML (an unclosed '[' or '{{'?: {e.Message})");
        }

        if (stream.Documents.Count != 1)
        {
            throw new MappingDefinitionException(origin, 1, "(document)", "expected one YAML document");
        }

        var root = new MappingNode(origin, "", stream.Documents[0].RootNode);
        root.AllowOnly("name", "source_system", "description", "format", "delimiter", "time_zone", "null_values", "drop", "fields", "outputs");
        string name = root.Text("name");
        if (!NamePattern().IsMatch(name))
        {
            throw root.Error("name", $"expected a name of lower-case letters, digits and '-' (it names a landing folder), found '{name}'");
        }

        string formatText = root.OptionalText("format") ?? "csv";
        SourceFormat format = formatText switch
        {
            "csv" or "tsv" => SourceFormat.Delimited,
            "json" => SourceFormat.Json,
            _ => throw root.Error("format", $"expected one of csv, tsv, json; found '{formatText}'"),
        };
        char delimiter = formatText == "tsv" ? '\t' : ',';
        if (root.Find("delimiter") is { } delimiterNode)
        {
            string d = delimiterNode.Text();
            delimiter = d is "\\t" or "\t" ? '\t' : d.Length == 1 ? d[0] : throw delimiterNode.Error($"expected one character (or \\t), found '{d}'");
        }

        TimeZoneInfo? zone = root.Find("time_zone") is { } zoneNode ? Zone(zoneNode) : null;
        var context = new ReadContext(zone, new Dictionary<string, MappingExpression>(StringComparer.Ordinal));
        if (root.Find("fields") is { } fields)
        {
            foreach ((string key, MappingNode value) in fields.Entries())
            {
                context.Fields[key] = new NamedField(Expression(value, context));
            }
        }

        var nullValues = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        if (root.Find("null_values") is { } nulls)
        {
            foreach ((string column, MappingNode values) in nulls.Entries())
            {
                nullValues[column] = values.ItemsOrOne().Select(v => v.Text()).ToHashSet(StringComparer.Ordinal);
            }
        }

        var outputs = root.Required("outputs").Items().Select(o => Output(o, context)).ToList();
        if (outputs.Count == 0)
        {
            throw root.Error("outputs", "expected at least one output dataset");
        }

        return new SourceMapping
        {
            Name = name,
            SourceSystem = root.Text("source_system"),
            Description = root.Text("description"),
            Origin = origin,
            Format = format,
            Delimiter = delimiter,
            NullValues = nullValues,
            Drops = root.Find("drop")?.Items().Select(Drop).ToList() ?? [],
            Outputs = outputs,
        };
    }

    private static TimeZoneInfo Zone(MappingNode node)
    {
        string id = node.Text();
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw node.Error($"expected an IANA time zone id such as Europe/Zurich or Asia/Jerusalem, found '{id}'");
        }
    }

    private static DropRule Drop(MappingNode node)
    {
        node.AllowOnly("reason", "when");
        return new DropRule(node.Text("reason"), MappingCondition.Read(node.Required("when")));
    }

    private static MappingOutput Output(MappingNode node, ReadContext context)
    {
        node.AllowOnly("dataset", "skip", "columns");
        string id = node.Text("dataset");
        string[] parts = id.Split('/');
        DatasetContract contract = (parts.Length == 2 ? ExtractContracts.Find(parts[0], parts[1]) : null)
            ?? throw node.Error("dataset", $"expected one of {string.Join(", ", ExtractContracts.All.Select(c => c.Id))}; found '{id}'");
        var columns = new List<MappedColumn>();
        MappingNode columnsNode = node.Required("columns");
        foreach ((string column, MappingNode value) in columnsNode.Entries())
        {
            if (!contract.HasColumn(column))
            {
                throw value.Error($"expected a column of {contract.Id} ({string.Join(", ", contract.Columns.Select(c => c.Name))}); '{column}' is not one");
            }

            columns.Add(new MappedColumn(contract.Columns[contract.IndexOf(column)], Expression(value, context)));
        }

        string[] missing = contract.Columns.Where(c => c.Required && columns.All(m => m.Column != c)).Select(c => c.Name).ToArray();
        if (missing.Length > 0)
        {
            throw columnsNode.Error($"expected a value for every required column of {contract.Id}; missing: {string.Join(", ", missing)}");
        }

        return new MappingOutput(contract, node.Find("skip")?.Items().Select(Drop).ToList() ?? [], columns);
    }

    private static MappingExpression Expression(MappingNode node, ReadContext context)
    {
        if (node.IsScalar)
        {
            return new ColumnExpression(node.Text(), null);
        }

        string[] kinds = node.Keys.Where(k => ExpressionKinds.Contains(k)).ToArray();
        if (kinds.Length != 1)
        {
            throw node.Error($"expected exactly one of {string.Join(", ", ExpressionKinds)}; found {(kinds.Length == 0 ? "none" : string.Join(", ", kinds))}");
        }

        MappingCondition? when = node.Find("when") is { } w ? MappingCondition.Read(w) : null;
        string? fallback = node.OptionalText("default");
        TimeZoneInfo? zone = node.Find("time_zone") is { } z ? Zone(z) : context.Zone;
        MappingExpression expression;
        switch (kinds[0])
        {
            case "column":
                node.AllowOnly("column", "values", "when", "default");
                var values = node.Find("values")?.Entries().ToDictionary(e => e.Key, e => e.Value.Text(), StringComparer.Ordinal);
                expression = new ColumnExpression(node.Text("column"), values);
                break;
            case "constant":
                node.AllowOnly("constant", "when", "default");
                expression = new ConstantExpression(node.Text("constant"));
                break;
            case "duration":
                node.AllowOnly("duration", "format", "when", "default");
                string formatName = node.OptionalText("format") ?? "seconds";
                expression = new DurationExpression(node.Text("duration"),
                    DurationExpression.Formats.TryGetValue(formatName, out DurationFormat format) ? format
                    : throw node.Error("format", $"expected one of {string.Join(", ", DurationExpression.Formats.Keys)}; found '{formatName}'"));
                break;
            case "timestamp" or "date":
                bool split = kinds[0] == "date";
                if (split)
                {
                    node.AllowOnly("date", "time", "date_format", "time_format", "time_zone", "not_before", "when", "default");
                }
                else
                {
                    node.AllowOnly("timestamp", "format", "time_zone", "not_before", "when", "default");
                }

                string? pattern = node.OptionalText(split ? "date_format" : "format");
                string? timePattern = split ? node.Text("time_format") : null;
                if (split && pattern is null)
                {
                    throw node.Error("date_format", "expected a date format such as yyyy-MM-dd (it is missing)");
                }

                if ((pattern is not null || split) && zone is null)
                {
                    throw node.Error("time_zone", "expected a time_zone (here or at the top of the file) for timestamps without an offset");
                }

                MappingExpression? notBefore = node.Find("not_before") is { } nb ? FieldReference(nb, context) : null;
                expression = new TimestampExpression(node.Text(split ? "date" : "timestamp"), split ? node.Text("time") : null,
                    pattern, timePattern, zone, notBefore);
                break;
            case "field":
                node.AllowOnly("field", "when", "default");
                expression = new FieldExpression(FieldReference(node.Required("field"), context));
                break;
            default:
                node.AllowOnly(kinds[0], "when", "default");
                var parts = node.Required(kinds[0]).Items().Select(p => Expression(p, context)).ToList();
                if (parts.Count == 0)
                {
                    throw node.Error(kinds[0], "expected a list of at least one expression");
                }

                expression = kinds[0] switch
                {
                    "plus_seconds" => new PlusSecondsExpression(parts),
                    "first_of" => new FirstOfExpression(parts),
                    _ => new ConcatExpression(parts),
                };
                break;
        }

        return when is null && fallback is null ? expression : Modify(expression, when, fallback);
    }

    private static MappingExpression Modify(MappingExpression expression, MappingCondition? when, string? fallback) =>
        new FieldExpression(expression) { When = when, Default = fallback };

    private static MappingExpression FieldReference(MappingNode node, ReadContext context)
    {
        string name = node.Text();
        return context.Fields.TryGetValue(name, out MappingExpression? field)
            ? field
            : throw node.Error($"expected the name of a field defined earlier under 'fields' ({string.Join(", ", context.Fields.Keys)}); found '{name}'");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    private sealed record ReadContext(TimeZoneInfo? Zone, Dictionary<string, MappingExpression> Fields);
}
