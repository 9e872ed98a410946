using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Workforce;

/// <summary>
/// Makes <see cref="ErlangC"/> callable from the SQL models of a build, so the staffing view and the
/// <c>scorecard staffing</c> command share one implementation, and sets the workforce build variables
/// (<c>interval_minutes</c>, <c>centre_time_zone</c>, <c>staffing_shrinkage</c>).
/// </summary>
/// <remarks>
/// SQL functions (NULL in, NULL out; fractions 0-1):
/// <c>erlang_c_required_agents(traffic_erlangs, aht_seconds, threshold_seconds, service_level_target)</c>,
/// <c>erlang_c_service_level(traffic_erlangs, agents, aht_seconds, threshold_seconds)</c>,
/// <c>erlang_c_average_speed_of_answer(traffic_erlangs, agents, aht_seconds)</c> (infinity when the agents cannot keep up),
/// <c>erlang_c_scheduled_agents(required_agents, shrinkage)</c>.
/// </remarks>
public static class StaffingFunctions
{
    public static void Register(DuckDBConnection connection, MartOptions options)
    {
        connection.RegisterScalarFunction<double, double, double, double, int>("erlang_c_required_agents",
            (traffic, aht, threshold, target) => ErlangC.RequiredAgents(Question(traffic, aht, threshold), new StaffingTarget(target)).Agents);
        connection.RegisterScalarFunction<double, int, double, double, double>("erlang_c_service_level",
            (traffic, agents, aht, threshold) => ErlangC.Evaluate(Question(traffic, aht, threshold), agents).ServiceLevel);
        connection.RegisterScalarFunction<double, int, double, double>("erlang_c_average_speed_of_answer",
            (traffic, agents, aht) => ErlangC.Evaluate(Question(traffic, aht, 0), agents).AverageSpeedOfAnswerSeconds);
        connection.RegisterScalarFunction<int, double, int>("erlang_c_scheduled_agents", ErlangC.ScheduledAgents);

        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"set variable interval_minutes = {options.IntervalMinutes}"));
        connection.Execute($"set variable centre_time_zone = {SqlText.Literal(options.TimeZone)}");
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"set variable staffing_shrinkage = {options.Shrinkage}"));
    }

    /// <summary>A question whose traffic is <paramref name="trafficErlangs"/> (one AHT's worth of interval).</summary>
    private static StaffingQuestion Question(double trafficErlangs, double aht, double threshold) =>
        new(trafficErlangs, aht, aht, threshold);
}
