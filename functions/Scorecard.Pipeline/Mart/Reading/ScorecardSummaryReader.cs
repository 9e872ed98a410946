using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>Reads the centre-level scorecard of the latest period of a grain from a built mart.</summary>
public static class ScorecardSummaryReader
{
    /// <summary>The latest <paramref name="periodGrain"/> (day, week or month) in the mart, or null when the mart has no KPI rows.</summary>
    public static ScorecardSummary? ReadLatest(string martDirectory, string periodGrain = "month")
    {
        if (!KpiRegistry.PeriodGrains.Contains(periodGrain))
        {
            throw new ArgumentException($"Period grain '{periodGrain}' is not one of {string.Join(", ", KpiRegistry.PeriodGrains)}.", nameof(periodGrain));
        }

        using DuckDBConnection connection = MartConnection.OpenReadOnly(martDirectory);
        using var latest = connection.CreateCommand();
        latest.CommandText = $"select max(period_start) from scorecard.fct_kpi where period_grain = '{periodGrain}' and level = 'centre'";
        DateOnly start;
        switch (latest.ExecuteScalar())
        {
            case DateOnly date:
                start = date;
                break;
            case DateTime dateTime:
                start = DateOnly.FromDateTime(dateTime);
                break;
            default:
                return null;
        }

        // A mart built before the currency setting has no currency column: its money is shown without a code.
        using var hasCurrency = connection.CreateCommand();
        hasCurrency.CommandText =
            "select count(*) from information_schema.columns where table_schema = 'scorecard' and table_name = 'dim_kpi' and column_name = 'currency'";
        string currency = Convert.ToInt64(hasCurrency.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0 ? "kpis.currency" : "null::varchar";
        string period = $"period_grain = '{periodGrain}' and period_start = date '{start:yyyy-MM-dd}' and level = 'centre'";
        var lines = new List<ScorecardLine>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                select kpis.perspective, kpis.kpi_id, kpis.label, kpis.unit, card.value, coalesce(card.target, kpis.target), card.status, card.score, {currency}
                from scorecard.dim_kpi as kpis
                left join (select * from scorecard.fct_scorecard where {period}) as card on card.kpi_id = kpis.kpi_id
                order by kpis.perspective_weight desc, kpis.perspective, kpis.weight desc, kpis.kpi_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lines.Add(new ScorecardLine(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Nullable(reader, 4), Nullable(reader, 5), reader.IsDBNull(6) ? null : reader.GetString(6), Nullable(reader, 7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        var perspectives = new Dictionary<string, double?>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"select perspective, score from scorecard.fct_perspective_score where {period}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                perspectives[reader.GetString(0)] = Nullable(reader, 1);
            }
        }

        using var overall = connection.CreateCommand();
        overall.CommandText = $"select score from scorecard.fct_overall_score where {period}";
        object? overallScore = overall.ExecuteScalar();
        return new ScorecardSummary(
            periodGrain,
            start,
            overallScore is null or DBNull ? null : Convert.ToDouble(overallScore, System.Globalization.CultureInfo.InvariantCulture),
            perspectives,
            lines);
    }

    private static double? Nullable(DuckDBDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
