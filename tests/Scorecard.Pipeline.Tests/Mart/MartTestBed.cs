using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

/// <summary>A temporary lake and mart: write extracts, build the real SQL models, read KPI rows back.</summary>
public sealed class MartTestBed : IDisposable
{
    private readonly TempFolder _directory = new();

    public MartTestBed()
    {
        Lake = new LakeWriter(_directory.File("lake"));
        Directory.CreateDirectory(Lake.LakeRoot);
    }

    public LakeWriter Lake { get; }

    public string MartDirectory => _directory.File("mart");

    public string DatabasePath => Path.Combine(MartDirectory, MartBuilder.DatabaseFileName);

    public void Write(DatasetContract contract, params IReadOnlyDictionary<string, object?>[] rows) =>
        Lake.Write(contract, "2026-10-01", rows);

    public BuildReport Build(Action<MartOptions>? configure = null)
    {
        var options = new MartOptions
        {
            LakeDirectory = Lake.LakeRoot,
            MartDirectory = MartDirectory,
            SqlDirectory = RepositoryRoot.Sql,
        };
        configure?.Invoke(options);
        return MartBuilder.Build(options);
    }

    /// <summary>The KPI row for a period starting on <paramref name="periodStart"/>, or null when there is none.</summary>
    public KpiRow? Kpi(string kpiId, string periodStart = "2026-10-01", string grain = "day", string level = "centre", string member = "centre")
    {
        var rows = Query<KpiRow>(
            $"""
            select value, numerator, denominator, sample_size from scorecard.fct_kpi
            where kpi_id = '{kpiId}' and period_grain = '{grain}' and period_start = date '{periodStart}'
                and level = '{level}' and member_id = '{member}'
            """,
            r => new KpiRow(
                r.IsDBNull(0) ? null : r.GetDouble(0),
                r.IsDBNull(1) ? null : r.GetDouble(1),
                r.IsDBNull(2) ? null : r.GetDouble(2),
                r.IsDBNull(3) ? null : r.GetInt64(3)));
        return rows.Count switch
        {
            0 => null,
            1 => rows[0],
            _ => throw new InvalidOperationException($"{rows.Count} rows for {kpiId} {grain} {periodStart} {level} {member}."),
        };
    }

    public double? Value(string kpiId, string periodStart = "2026-10-01", string grain = "day", string level = "centre", string member = "centre") =>
        Kpi(kpiId, periodStart, grain, level, member)?.Value;

    public List<T> Query<T>(string sql, Func<DuckDBDataReader, T> map)
    {
        using DuckDBConnection connection = MartConnection.OpenReadOnly(MartDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public long Count(string sql) =>
        Query(sql, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)).Single();

    public void Dispose() => _directory.Dispose();
}
