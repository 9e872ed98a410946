using System.Globalization;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>Reads the centre's scorecard for the latest month from a built mart: every KPI with value, target and status.</summary>
public static class ScorecardSummary
{
    public sealed record Line(string Perspective, string KpiId, string Label, string Unit, decimal? Value, decimal? Target, string? Status, long? SampleSize);

    public sealed record Summary(DateOnly? Month, IReadOnlyList<Line> Lines, IReadOnlyList<(string Perspective, decimal? Score)> PerspectiveScores, decimal? OverallScore);

    public static Summary Read(string databasePath)
    {
        using DuckDBConnection connection = MartConnections.OpenReadOnly(databasePath);
        DateOnly? month = Scalar(connection,
            "select max(period_start) from scorecard.fct_scorecard where period_grain = 'month' and level = 'centre' and value is not null") switch
        {
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            _ => null,
        };
        if (month is null)
        {
            return new Summary(null, [], [], null);
        }

        string date = month.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = new List<Line>();
        using (DuckDBCommand command = connection.CreateCommand())
        {
            command.CommandText = $"""
                select s.perspective, s.kpi_id, k.label, k.unit, s.value::decimal(18,4), s.target::decimal(18,4), s.status, k2.sample_size
                from scorecard.fct_scorecard as s
                join scorecard.dim_kpi as k using (kpi_id)
                left join scorecard.fct_kpi as k2
                    on k2.kpi_id = s.kpi_id and k2.period_grain = s.period_grain and k2.period_start = s.period_start
                    and k2.level = s.level and k2.member_id is not distinct from s.member_id
                where s.period_grain = 'month' and s.level = 'centre' and s.period_start = DATE '{date}'
                order by case s.perspective when 'financial' then 1 when 'customer' then 2 when 'internal_process' then 3 else 4 end, s.kpi_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lines.Add(new Line(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture)));
            }
        }

        var perspectives = new List<(string, decimal?)>();
        using (DuckDBCommand command = connection.CreateCommand())
        {
            command.CommandText = $"select perspective, score::decimal(18,2) from scorecard.fct_perspective_score where period_grain = 'month' and level = 'centre' and period_start = DATE '{date}' order by perspective";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                perspectives.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1)));
            }
        }

        object? overall = Scalar(connection, $"select score::decimal(18,2) from scorecard.fct_overall_score where period_grain = 'month' and level = 'centre' and period_start = DATE '{date}'");
        return new Summary(month, lines, perspectives, overall as decimal?);
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
