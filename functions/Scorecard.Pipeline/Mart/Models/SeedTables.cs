using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Loads what models read besides the lake into the <c>seeds</c> schema before any model runs: the KPI registry
/// (<c>seeds.kpis</c>, <c>seeds.perspectives</c>, <c>seeds.kpi_links</c>) and the target overrides
/// (<c>seeds.kpi_targets</c>, empty without a targets file). <c>seeds.kpis.currency</c> is the mart's currency
/// (<see cref="MartOptions.Currency"/>) on the KPIs whose unit is currency, null on the others.
/// </summary>
internal static class SeedTables
{
    public static IReadOnlySet<string> Relations { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "seeds.kpis", "seeds.perspectives", "seeds.kpi_links", "seeds.kpi_targets",
    };

    public static void Load(DuckDBConnection connection, KpiRegistry registry, string? targetsPath, string currency)
    {
        connection.Execute("create schema if not exists seeds");
        connection.Execute("""
            create or replace table seeds.kpis (
                kpi_id varchar primary key, label varchar, perspective varchar, definition varchar, kpi_type varchar,
                source varchar, numerator_sql varchar, denominator_sql varchar, scale double, unit varchar,
                direction varchar, is_share boolean, target double, amber_threshold double, red_threshold double,
                periods varchar[], levels varchar[], weight double, min_sample integer, definition_version integer,
                definition_hash varchar, currency varchar
            )
            """);
        Insert(connection, "seeds.kpis", registry.Kpis.Select(k => new object?[]
        {
            k.Id, k.Label, k.Perspective, k.Definition, k.Type, k.Source, k.Numerator, k.Denominator, k.Scale, k.Unit,
            k.Direction, k.IsShare, k.Target, k.AmberThreshold, k.RedThreshold, k.Periods, k.Levels, k.Weight,
            k.MinSample, k.Version, k.DefinitionHash, k.Unit == "currency" ? currency : null,
        }));

        connection.Execute("create or replace table seeds.perspectives (perspective varchar primary key, perspective_label varchar, perspective_weight double)");
        Insert(connection, "seeds.perspectives", registry.Perspectives.Select(p => new object?[] { p.Id, p.Label, p.Weight }));

        connection.Execute("create or replace table seeds.kpi_links (cause_kpi_id varchar, effect_kpi_id varchar, expected_sign integer, rationale varchar)");
        Insert(connection, "seeds.kpi_links", registry.Links.Select(l => new object?[] { l.CauseKpiId, l.EffectKpiId, l.ExpectedSign, l.Rationale }));

        const string targetColumns = """
            kpi_id varchar, period_grain varchar, period_start date, level varchar, member_id varchar,
            target double, amber_threshold double, red_threshold double
            """;
        if (targetsPath is null)
        {
            connection.Execute($"create or replace table seeds.kpi_targets ({targetColumns})");
        }
        else
        {
            string columns = "{" + string.Join(", ", targetColumns.Split(',').Select(c => c.Trim().Split(' ')).Select(p => $"'{p[0]}': '{p[1]}'")) + "}";
            connection.Execute(
                $"create or replace table seeds.kpi_targets as select * from read_csv({Literal(Path.GetFullPath(targetsPath))}, header = true, columns = {columns})");
        }
    }

    private static void Insert(DuckDBConnection connection, string table, IEnumerable<object?[]> rows)
    {
        var values = rows.Select(row => "(" + string.Join(", ", row.Select(Literal)) + ")").ToList();
        if (values.Count > 0)
        {
            connection.Execute($"insert into {table} values\n" + string.Join(",\n", values));
        }
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => SqlText.Literal(s),
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(Literal)) + "]",
        _ => throw new ArgumentException($"No SQL literal for {value.GetType().Name}."),
    };
}
