using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Exports;

/// <summary>Reads what an export shows for one period and level from a built mart (<c>scorecard_mart.duckdb</c>).</summary>
public static class ScorecardExportReader
{
    /// <summary>The mart tables an export reads: a reader of blob storage brings only these up to date
    /// (<see cref="MartFile.OpenAsync(Storage.IBlobStore, IReadOnlyCollection{string}?, CancellationToken)"/>).</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["dim_kpi", "dim_kpi_link", "fct_kpi", "fct_scorecard", "fct_perspective_score", "fct_overall_score", "fct_interval_staffing"];

    /// <summary>How many periods a trend line covers, the exported one included.</summary>
    public const int TrendLength = 12;

    /// <summary>
    /// Reads the scorecard of <paramref name="period"/> (default: the latest month with data) at <paramref name="level"/>
    /// (centre, queue, team or agent). Throws <see cref="ArgumentException"/> for an unknown level and
    /// <see cref="InvalidOperationException"/> when the mart has no KPI rows for the grain.
    /// </summary>
    public static ScorecardExport Read(string martDirectory, ExportPeriod? period = null, string level = "centre")
    {
        if (!KpiRegistry.LevelNames.Contains(level))
        {
            throw new ArgumentException($"Level '{level}' is not one of {string.Join(", ", KpiRegistry.LevelNames)}.", nameof(level));
        }

        using DuckDBConnection connection = MartConnection.OpenReadOnly(martDirectory);
        ExportPeriod resolved = period ?? Latest(connection, "month")
            ?? throw new InvalidOperationException("The mart has no monthly KPI rows yet: build it from a lake with data first.");
        ExportPeriod.CheckGrain(resolved.Grain);

        var perspectives = ReadPerspectives(connection);
        var kpis = ReadKpis(connection, perspectives);
        var trendPeriods = Enumerable.Range(0, TrendLength).Select(i => resolved.Shift(i - TrendLength + 1)).ToList();
        var members = ReadMembers(connection, resolved, level, kpis, trendPeriods);
        ExportedMember? centre = level == "centre"
            ? members.FirstOrDefault()
            : ReadMembers(connection, resolved, "centre", kpis, trendPeriods).FirstOrDefault();

        return new ScorecardExport
        {
            Period = resolved,
            Level = level,
            TrendPeriods = trendPeriods,
            Perspectives = perspectives,
            Kpis = kpis,
            Members = members,
            Centre = centre,
            Links = ReadLinks(connection),
            DataQuality = new DataQualitySummary { LatestDataDate = LatestDataDate(connection) },
            Intraday = level is "centre" or "queue" ? IntradayViewReader.Read(connection, resolved) : null,
        };
    }

    /// <summary>The latest period of <paramref name="grain"/> with centre KPI rows, or null when there is none.</summary>
    public static ExportPeriod? Latest(string martDirectory, string grain)
    {
        using DuckDBConnection connection = MartConnection.OpenReadOnly(martDirectory);
        return Latest(connection, grain);
    }

    private static ExportPeriod? Latest(DuckDBConnection connection, string grain)
    {
        ExportPeriod.CheckGrain(grain);
        using var command = connection.CreateCommand();
        command.CommandText = $"select max(period_start) from scorecard.fct_kpi where period_grain = '{grain}' and level = 'centre'";
        return AsDate(command.ExecuteScalar()) is { } start ? new ExportPeriod(grain, start) : null;
    }

    private static List<KpiPerspective> ReadPerspectives(DuckDBConnection connection)
    {
        var rows = Query(connection, "select distinct perspective, perspective_label, perspective_weight from scorecard.dim_kpi", r =>
            new KpiPerspective(r.GetString(0), r.GetString(1), Convert.ToDecimal(r.GetValue(2), CultureInfo.InvariantCulture)));
        return rows.OrderBy(p => Order(p.Id)).ToList();
    }

    private static List<ExportedKpi> ReadKpis(DuckDBConnection connection, IReadOnlyList<KpiPerspective> perspectives)
    {
        // A mart built before the currency setting has no currency column: its money is shown without a code.
        string currency = HasColumn(connection, "dim_kpi", "currency") ? "currency" : "null::varchar";
        var kpis = Query(connection, $"""
            select kpi_id, label, perspective, definition, unit, direction, target, amber_threshold, red_threshold, weight, definition_version,
                {currency}
            from scorecard.dim_kpi
            """, r => new ExportedKpi(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                Double(r, 6), Double(r, 7), Double(r, 8), Double(r, 9) ?? 0, Convert.ToInt32(r.GetValue(10), CultureInfo.InvariantCulture),
                r.IsDBNull(11) ? null : r.GetString(11)));
        return kpis
            .OrderBy(k => perspectives.Select(p => p.Id).ToList().IndexOf(k.Perspective))
            .ThenByDescending(k => k.Weight)
            .ThenBy(k => k.KpiId, StringComparer.Ordinal)
            .ToList();
    }

    private static List<ExportedMember> ReadMembers(
        DuckDBConnection connection, ExportPeriod period, string level, IReadOnlyList<ExportedKpi> kpis, IReadOnlyList<ExportPeriod> trendPeriods)
    {
        string where = $"period_grain = '{period.Grain}' and period_start = date '{period.Start:yyyy-MM-dd}' and level = '{level}'";
        var kpiById = kpis.ToDictionary(k => k.KpiId);
        var rows = Query(connection, $"""
            select kpi_id, perspective, period_grain, period_start, period_end, level, member_id, value, direction, target,
                amber_threshold, red_threshold, is_target_overridden, score, status, previous_value, change_from_previous,
                member_rank, sample_size, is_below_min_sample, definition_version
            from scorecard.fct_scorecard
            where {where}
            """, r => new ScorecardExportRow
        {
            KpiId = r.GetString(0),
            KpiLabel = kpiById.TryGetValue(r.GetString(0), out var k) ? k.Label : r.GetString(0),
            Perspective = r.GetString(1),
            PeriodGrain = r.GetString(2),
            PeriodStart = AsDate(r.GetValue(3))!.Value,
            PeriodEnd = AsDate(r.GetValue(4))!.Value,
            Level = r.GetString(5),
            MemberId = r.GetString(6),
            Value = Double(r, 7),
            Unit = k?.Unit ?? "",
            Currency = k?.Currency,
            Direction = r.GetString(8),
            Target = Double(r, 9),
            AmberThreshold = Double(r, 10),
            RedThreshold = Double(r, 11),
            IsTargetOverridden = !r.IsDBNull(12) && r.GetBoolean(12),
            Score = Double(r, 13),
            Status = r.IsDBNull(14) ? null : r.GetString(14),
            PreviousValue = Double(r, 15),
            ChangeFromPrevious = Double(r, 16),
            MemberRank = Long(r, 17),
            SampleSize = Long(r, 18),
            IsBelowMinSample = !r.IsDBNull(19) && r.GetBoolean(19),
            DefinitionVersion = Convert.ToInt32(r.GetValue(20), CultureInfo.InvariantCulture),
        });

        var perspectiveScores = Query(connection, $"select member_id, perspective, score from scorecard.fct_perspective_score where {where}",
            r => (Member: r.GetString(0), Perspective: r.GetString(1), Score: Double(r, 2)));
        var overall = Query(connection, $"select member_id, score from scorecard.fct_overall_score where {where}",
            r => (Member: r.GetString(0), Score: Double(r, 1)))
            .ToDictionary(o => o.Member, o => o.Score);

        var index = trendPeriods.Select((p, i) => (p.Start, i)).ToDictionary(x => x.Start, x => x.i);
        var trends = Query(connection, $"""
            select member_id, kpi_id, period_start, value
            from scorecard.fct_scorecard
            where period_grain = '{period.Grain}' and level = '{level}'
                and period_start between date '{trendPeriods[0].Start:yyyy-MM-dd}' and date '{period.Start:yyyy-MM-dd}'
            """, r => (Member: r.GetString(0), Kpi: r.GetString(1), Start: AsDate(r.GetValue(2))!.Value, Value: Double(r, 3)));
        var trendByMember = trends.GroupBy(t => t.Member).ToDictionary(g => g.Key, g => g.GroupBy(t => t.Kpi).ToDictionary(
            kg => kg.Key,
            kg =>
            {
                var values = new double?[trendPeriods.Count];
                foreach (var t in kg.Where(t => index.ContainsKey(t.Start)))
                {
                    values[index[t.Start]] = t.Value;
                }

                return (IReadOnlyList<double?>)values;
            }));

        var kpiOrder = kpis.Select((k, i) => (k.KpiId, i)).ToDictionary(x => x.KpiId, x => x.i);
        return rows
            .GroupBy(r => r.MemberId)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ExportedMember(
                g.Key,
                overall.GetValueOrDefault(g.Key),
                perspectiveScores.Where(p => p.Member == g.Key).ToDictionary(p => p.Perspective, p => p.Score),
                g.OrderBy(r => kpiOrder.GetValueOrDefault(r.KpiId, int.MaxValue)).ToList(),
                trendByMember.TryGetValue(g.Key, out var t) ? t : new Dictionary<string, IReadOnlyList<double?>>()))
            .ToList();
    }

    private static List<ExportedLink> ReadLinks(DuckDBConnection connection) => Query(connection, """
        select cause_kpi_id, effect_kpi_id, expected_sign, rationale,
            case when isnan(correlation) then null else correlation end, observation_count,
            evidence_period_grain, evidence_level, is_sign_as_expected
        from scorecard.dim_kpi_link
        order by link_id
        """, r => new ExportedLink(
            r.GetString(0), r.GetString(1), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), r.GetString(3),
            Double(r, 4), Long(r, 5) ?? 0, r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
            r.IsDBNull(8) ? null : r.GetBoolean(8)));

    private static bool HasColumn(DuckDBConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select count(*) from information_schema.columns where table_schema = 'scorecard' and table_name = '{table}' and column_name = '{column}'";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static DateOnly? LatestDataDate(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "select max(period_start) from scorecard.fct_kpi where period_grain = 'day' and level = 'centre' and value is not null";
        return AsDate(command.ExecuteScalar());
    }

    private static int Order(string perspective)
    {
        int i = KpiRegistry.PerspectiveIds.ToList().IndexOf(perspective);
        return i < 0 ? int.MaxValue : i;
    }

    private static List<T> Query<T>(DuckDBConnection connection, string sql, Func<DuckDBDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }

        return list;
    }

    private static double? Double(DuckDBDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static long? Long(DuckDBDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        _ => null,
    };
}
