using System.Text.RegularExpressions;
using Scorecard.Pipeline.Ingest;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The lake datasets staging models read, declared in <c>sql/staging/sources.yml</c> (as dbt declares sources), and
/// the one macro that reads them: <c>{{source:&lt;source&gt;/&lt;table&gt;}}</c> becomes the dataset's rows as the
/// latest extracts hold them - of every <c>extract_date</c> only the newest <c>extract_id</c> (a corrected extract wins
/// even while the older file is visible), then one row per <c>unique_key</c> (the latest extract's last row). The
/// macro reads the lake through <c>{{lake:&lt;source&gt;/&lt;table&gt;}}</c>, which the build expands.
/// </summary>
internal sealed partial class LakeSources
{
    public const string FileName = "sources.yml";

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _keys;
    private readonly string _display;

    private LakeSources(IReadOnlyDictionary<string, IReadOnlyList<string>> keys, string display)
    {
        _keys = keys;
        _display = display;
    }

    /// <summary>The source tables and their unique keys, by <c>source/table</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Keys => _keys;

    /// <summary>Reads <c>staging/sources.yml</c> under <paramref name="sqlRoot"/>; none declared when the file is absent.</summary>
    public static LakeSources Load(string sqlRoot)
    {
        string path = Path.Combine(sqlRoot, ModelCatalog.StagingSchema, FileName);
        string display = $"{ModelCatalog.StagingSchema}/{FileName}";
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new LakeSources(keys, display);
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new MartDefinitionException($"{display}: not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new MartDefinitionException($"{display}: expected a mapping with 'sources'.");
        }

        var file = new YamlNodeReader(display, "sources", root);
        foreach (YamlNode sourceNode in file.Sequence("sources"))
        {
            YamlNodeReader source = file.Child(sourceNode, "a source");
            string sourceName = source.Text("name");
            foreach (YamlNode tableNode in source.Named($"source '{sourceName}'").Sequence("tables"))
            {
                YamlNodeReader table = source.Child(tableNode, $"a table of source '{sourceName}'");
                string name = table.Text("name");
                YamlNodeReader named = table.Named($"table '{sourceName}/{name}'");
                DatasetContract contract = ExtractContracts.Find(sourceName, name)
                    ?? throw named.Error("name", $"no extract contract {sourceName}/{name} (known: {string.Join(", ", ExtractContracts.All.Select(c => c.Id))})");
                IReadOnlyList<string> key = named.TextList("unique_key");
                foreach (string column in key)
                {
                    if (column != "extract_date" && !contract.Columns.Any(c => c.Name == column))
                    {
                        throw named.Error("unique_key", $"'{column}' is not a column of {contract.Id}");
                    }
                }

                keys[contract.Id] = key;
            }
        }

        return new LakeSources(keys, display);
    }

    /// <summary>Replaces every <c>{{source:...}}</c> outside <c>--</c> comments by the macro; an undeclared source names the file.</summary>
    public string Expand(string sql, string displayPath) =>
        SourcePlaceholder().Replace(sql, match =>
        {
            if (match.Value.StartsWith("--", StringComparison.Ordinal))
            {
                return match.Value;
            }

            string id = match.Groups["id"].Value;
            return _keys.TryGetValue(id, out IReadOnlyList<string>? key)
                ? Macro(id, key)
                : throw new MartDefinitionException($"{displayPath}: source '{id}' is not declared in {_display}.");
        });

    private static string Macro(string id, IReadOnlyList<string> key)
    {
        string lake = "{{lake:" + id + "}}";
        string partitionBy = string.Join(", ", key);
        return $"""
        (
            select *
            from (
                select *
                from {lake}
                qualify extract_id = max(extract_id) over (partition by extract_date)
            )
            qualify row_number() over (partition by {partitionBy} order by extract_id desc, source_row_number desc) = 1
        )
        """;
    }

    [GeneratedRegex(@"--[^\n]*|\{\{\s*source:(?<id>[a-z_]+/[a-z_]+)\s*\}\}")]
    private static partial Regex SourcePlaceholder();
}
