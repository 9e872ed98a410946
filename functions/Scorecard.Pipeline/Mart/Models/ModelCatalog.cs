using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Finds the models under a SQL root: every <c>.sql</c> file below <c>staging/</c>, <c>intermediate/</c>,
/// <c>marts/</c> and <c>scorecard/</c> is one model; its top folder is its DuckDB schema and its file name its
/// relation name. References are the <c>schema.name</c> mentions in the SQL outside comments and string literals.
/// </summary>
internal static partial class ModelCatalog
{
    public const string StagingSchema = "staging";
    public const string IntermediateSchema = "intermediate";
    public const string MartsSchema = "marts";
    public const string ScorecardSchema = "scorecard";

    /// <summary>
    /// Schema of the mart file that keeps the staged rows of the small incremental staging models no marts table keeps
    /// whole (<c>previous: staged.stg_hr__agents</c>): every build stores them there, the next one stages only the
    /// changed lake partitions on top.
    /// </summary>
    public const string KeptStagingSchema = "staged";

    /// <summary>Schema of the tables the builder loads from the registry and targets file before any model runs.</summary>
    public const string SeedsSchema = "seeds";

    /// <summary>Model layers in the order data flows through them.</summary>
    public static IReadOnlyList<string> Layers { get; } = [StagingSchema, IntermediateSchema, MartsSchema, ScorecardSchema];

    /// <summary>Reads every model under <paramref name="sqlRoot"/>, expanding placeholders with <paramref name="template"/>.</summary>
    public static IReadOnlyList<SqlModel> Discover(string sqlRoot, ModelTemplate? template = null)
    {
        template ??= ModelTemplate.None;
        LakeSources sources = LakeSources.Load(sqlRoot);
        var models = new List<SqlModel>();
        foreach (string layer in Layers)
        {
            string folder = Path.Combine(sqlRoot, layer);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(folder, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string displayPath = Path.GetRelativePath(sqlRoot, file).Replace('\\', '/');
                string text = sources.Expand(File.ReadAllText(file), displayPath);
                string sql = template.Expand(text, displayPath);
                var model = new SqlModel(layer, Path.GetFileNameWithoutExtension(file), file, sql)
                {
                    References = FindReferences(sql),
                    DisplayPath = displayPath,
                    Text = text,
                    UsesScope = text.Contains("{{incremental_", StringComparison.Ordinal) || text.Contains("{{kpi_parts}}", StringComparison.Ordinal),
                };
                models.Add(WithConfig(model, Path.ChangeExtension(file, ".yml"), Path.ChangeExtension(displayPath, ".yml")));
            }
        }

        var duplicate = models.GroupBy(m => m.Relation).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MartDefinitionException(
                $"Two models define {duplicate.Key}: {string.Join(" and ", duplicate.Select(m => m.DisplayPath))}.");
        }

        return models;
    }

    /// <summary>
    /// Applies the model's YAML <c>materialized</c> (view, table, incremental) and <c>partition_by</c> (the
    /// columns an incremental build replaces partitions by: one date column, or <c>[period_grain, period_start]</c>),
    /// with <c>incremental_scope</c>: which partitions an incremental build replaces (<c>contacts</c>, <c>contact_rows</c>,
    /// <c>telephony_rows</c> or <c>workforce</c> dates for a date partition, or <c>changed_rows</c> /
    /// <c>kpi_periods_and_next</c>, worked out for the model itself).
    /// </summary>
    private static SqlModel WithConfig(SqlModel model, string yamlPath, string display)
    {
        if (!File.Exists(yamlPath))
        {
            return model;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(yamlPath);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new MartDefinitionException($"{display}: not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            return model;
        }

        var yaml = new YamlNodeReader(display, model.Relation, mapping);
        string materialized = yaml.OptionalText("materialized") is { } m
            ? yaml.Check(m, "materialized", [SqlModel.View, SqlModel.Table, SqlModel.Incremental])
            : model.Materialized;
        IReadOnlyList<string> partitionBy = yaml.Find("partition_by") switch
        {
            null => [],
            YamlScalarNode => [yaml.Text("partition_by")],
            _ => yaml.TextList("partition_by"),
        };
        string? uniqueKey = yaml.Find("unique_key") switch
        {
            null => null,
            YamlScalarNode => yaml.Text("unique_key"),
            _ => string.Join(", ", yaml.TextList("unique_key")),
        };
        string? previous = yaml.OptionalText("previous");
        if (materialized == SqlModel.Incremental && model.Schema == StagingSchema)
        {
            if (uniqueKey is null || previous is null)
            {
                throw yaml.Error("materialized",
                    "an incremental staging model names its unique_key and the previous mart table holding its rows (previous: schema.table)");
            }

            bool kept = previous == $"{KeptStagingSchema}.{model.Name}";
            if (!kept && (!Reference().IsMatch(previous) || !previous.StartsWith(MartsSchema + ".", StringComparison.Ordinal)))
            {
                throw yaml.Error("previous", $"expected a marts table (marts.fct_contact) or the model itself, kept in the mart file ({KeptStagingSchema}.{model.Name})");
            }

            return model with { Materialized = materialized, UniqueKey = uniqueKey, PreviousRelation = previous };
        }

        if (previous is not null)
        {
            throw yaml.Error("previous", "only an incremental staging model has previous");
        }

        // An incremental model keyed by contact is replaced contact by contact (the build scope's affected contacts),
        // its date partition_by still saying which dates, so which files, the build may change.
        if (uniqueKey is not null && !(uniqueKey == "contact_id" && materialized == SqlModel.Incremental && partitionBy.Count == 1))
        {
            throw yaml.Error("unique_key", "outside staging, only an incremental model with one date partition_by column is keyed, by contact_id (the build scope's affected contacts)");
        }

        if (materialized == SqlModel.Incremental
            && !(partitionBy.Count == 1 || partitionBy.SequenceEqual(IncrementalPlan.PeriodPartition) || partitionBy.SequenceEqual(IncrementalPlan.KpiPeriodPartition)))
        {
            throw yaml.Error("partition_by",
                $"an incremental model is replaced by one date column, by [{string.Join(", ", IncrementalPlan.PeriodPartition)}] or by [{string.Join(", ", IncrementalPlan.KpiPeriodPartition)}]");
        }

        PublishedPartition? published = yaml.Find("publish_partition_by") switch
        {
            null => null,
            YamlScalarNode => new PublishedPartition(yaml.Text("publish_partition_by"), PublishedPartition.Day),
            YamlMappingNode node => ReadPublishedPartition(yaml.Child(node, "publish_partition_by")),
            _ => throw yaml.Error("publish_partition_by", "expected a date column, or {column: <date column>, grain: day | month}"),
        };
        if (published is not null && model.Schema is not (MartsSchema or ScorecardSchema))
        {
            throw yaml.Error("publish_partition_by", "only a marts or scorecard table is published");
        }

        if (published is not null && materialized == SqlModel.Incremental && !partitionBy.Contains(published.Column))
        {
            throw yaml.Error("publish_partition_by",
                $"an incremental model's files are split by one of its partition_by columns ({string.Join(", ", partitionBy)}), so a build knows which files it changed");
        }

        // One key says which partitions an incremental build replaces: dates of some kind for a model partitioned by
        // one date column (contacts, contact_rows, telephony_rows, workforce), or partitions worked out for the model
        // itself (changed_rows; kpi_periods_and_next).
        if (yaml.Find("scope") is not null)
        {
            throw yaml.Error("scope", "renamed: write incremental_scope (changed_rows or kpi_periods_and_next)");
        }

        string? incrementalScope = yaml.OptionalText("incremental_scope") is { } chosen
            ? yaml.Check(chosen, "incremental_scope", ["contacts", IncrementalScope.ContactRowsScope, IncrementalScope.TelephonyRowsScope,
                IncrementalScope.WorkforceScope, IncrementalScope.ChangedRows, IncrementalScope.KpiPeriodsAndNext])
            : null;
        string? scope = incrementalScope is IncrementalScope.ChangedRows or IncrementalScope.KpiPeriodsAndNext ? incrementalScope : null;
        string dateScope = scope is null && incrementalScope is not null ? incrementalScope : model.DateScope;
        if (scope == IncrementalScope.KpiPeriodsAndNext)
        {
            if (materialized != SqlModel.Incremental || !partitionBy.SequenceEqual(IncrementalPlan.KpiPeriodPartition))
            {
                throw yaml.Error("incremental_scope", $"incremental_scope {scope} is for an incremental model partitioned by [{string.Join(", ", IncrementalPlan.KpiPeriodPartition)}]");
            }
        }
        else if (incrementalScope is not null && !(materialized == SqlModel.Incremental && partitionBy.Count == 1))
        {
            throw yaml.Error("incremental_scope", $"incremental_scope {incrementalScope} is for an incremental model partitioned by one date column");
        }

        if (uniqueKey is not null && (scope is not null || dateScope is not ("contacts" or IncrementalScope.ContactRowsScope)))
        {
            throw yaml.Error("incremental_scope", "a model keyed by contact_id is replaced by the affected contacts: incremental_scope contacts or contact_rows");
        }

        return model with { Materialized = materialized, PartitionBy = partitionBy, PublishPartition = published, DateScope = dateScope, Scope = scope, UniqueKey = uniqueKey };
    }

    private static PublishedPartition ReadPublishedPartition(YamlNodeReader yaml) =>
        new(yaml.Text("column"), yaml.OptionalText("grain") is { } grain ? yaml.Check(grain, "grain", PublishedPartition.Grains) : PublishedPartition.Day);

    /// <summary>The distinct <c>schema.name</c> relations <paramref name="sql"/> mentions, in order of first mention.</summary>
    public static IReadOnlyList<string> FindReferences(string sql)
    {
        string code = CommentOrString().Replace(sql, " ");
        return Reference().Matches(code)
            .Select(m => $"{m.Groups["schema"].Value.ToLowerInvariant()}.{m.Groups["name"].Value.ToLowerInvariant()}")
            .Distinct()
            .ToList();
    }

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    [GeneratedRegex(@"(?<![\w.])(?<schema>staging|intermediate|marts|scorecard|seeds)\.(?<name>[a-z_][a-z0-9_]*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}
