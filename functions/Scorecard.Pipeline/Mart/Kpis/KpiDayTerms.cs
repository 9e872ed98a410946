using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Keeps the stored day-level KPI terms (<see cref="KpiSqlGenerator.DaysRelation"/>, schema <c>kpi_days</c> of the mart)
/// that <c>scorecard.fct_kpi</c> sums weeks and months from: a full build computes them from every base row, an
/// incremental build deletes and computes again the days each source changed on (<c>build_scope.kpi_dates</c>), so
/// a new day costs its own rows, not its month's. Runs just before <c>fct_kpi</c>, when every source is built.
/// </summary>
internal static class KpiDayTerms
{
    public static void Refresh(DuckDBConnection connection, KpiRegistry registry, bool incremental)
    {
        connection.Execute($"create schema if not exists {KpiSqlGenerator.DaysSchema}");
        foreach ((KpiSource source, string query) in KpiSqlGenerator.DayTermQueries(registry))
        {
            string table = KpiSqlGenerator.DaysRelation(source);
            if (!incremental)
            {
                connection.Execute($"create or replace table {table} as\n{query.Replace(KpiSqlGenerator.DayFilter, "true", StringComparison.Ordinal)}");
                continue;
            }

            string changed = $"select date_day from {IncrementalScope.Schema}.kpi_dates where source = {SqlText.Literal(source.Name)}";
            connection.Execute($"delete from {table} where day in ({changed})");
            connection.Execute($"insert into {table}\n{query.Replace(KpiSqlGenerator.DayFilter, $"{source.DateColumn} in ({changed})", StringComparison.Ordinal)}");
        }
    }

    /// <summary>True for the model whose SQL holds the KPI parts (it reads the stored terms).</summary>
    public static bool Reads(SqlModel model) => model.Text.Contains("{{kpi_parts}}", StringComparison.Ordinal);
}
