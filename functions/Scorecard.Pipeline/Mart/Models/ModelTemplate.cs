using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Expands the few <c>{{name}}</c> placeholders a model may hold. Models are plain DuckDB SQL; the only
/// substitutions are what a file cannot know: where the staged lake is on this machine
/// (<c>{{lake:source/dataset}}</c>, a relation that is an empty typed select when a dataset has no files yet)
/// and the KPI parts generated from the registry (<c>{{kpi_parts}}</c>), and the incremental build scope:
/// <c>{{incremental_scope:column}}</c> and <c>{{incremental_lookahead:column}}</c> are <c>true</c> in a full build and,
/// in an incremental build, a predicate keeping the affected dates (the lookahead adds the FCR window after them);
/// <c>{{incremental_contacts:column}}</c> and <c>{{incremental_customers:column}}</c> likewise keep the affected contacts
/// and the customers whose contacts changed; <c>{{incremental_rows:column}}</c> and
/// <c>{{incremental_row_contacts:column}}</c> the contacts whose own row changed (not their FCR alone) and their dates;
/// <c>{{incremental_telephony:column}}</c> the dates of the contacts in changed telephony partitions.
/// <c>{{incremental_workforce:column}}</c>, <c>{{incremental_workforce_spans:column}}</c> and
/// <c>{{incremental_workforce_reach:column}}</c> likewise keep the workforce dates, those and a day either side, and
/// one more day after (see <see cref="IncrementalScope"/>).
/// </summary>
internal sealed partial class ModelTemplate(IReadOnlyDictionary<string, string> values, IncrementalScope? scope = null)
{
    /// <summary>A template with no values: any placeholder is an error.</summary>
    public static ModelTemplate None { get; } = new(new Dictionary<string, string>());

    /// <summary>The same values with the incremental scope placeholders written as <c>true</c>: whole tables.</summary>
    public ModelTemplate Whole => scope is null ? this : new(values);

    /// <summary>Replaces every placeholder in <paramref name="sql"/> outside <c>--</c> comments; an unknown one names the file.</summary>
    public string Expand(string sql, string displayPath) =>
        Placeholder().Replace(sql, match =>
        {
            if (match.Value.StartsWith("--", StringComparison.Ordinal))
            {
                return match.Value;
            }

            string key = match.Groups["key"].Value;
            if (values.TryGetValue(key, out string? value))
            {
                return value;
            }

            string[] parts = key.Split(':');
            if (parts.Length == 2 && IncrementalScope.DatesOfPlaceholder(parts[0]) is { } dates)
            {
                return scope is null ? "true" : scope.Predicate(parts[1], dates);
            }

            if (parts.Length == 2 && IncrementalScope.IsKeyPlaceholder(parts[0]))
            {
                return scope is null ? "true" : IncrementalScope.KeyPredicate(parts[1], parts[0]);
            }

            if (parts.Length == 2 && IncrementalScope.ModelPlaceholders.Contains(parts[0]))
            {
                return scope is null ? "true" : IncrementalScope.ModelPredicate(parts[0], parts[1], displayPath);
            }

            throw new MartDefinitionException($"{displayPath}: unknown placeholder '{{{{{key}}}}}'.");
        });

    [GeneratedRegex(@"--[^\n]*|\{\{\s*(?<key>[a-z_]+(:[a-z_/.]+)?)\s*\}\}")]
    private static partial Regex Placeholder();
}
