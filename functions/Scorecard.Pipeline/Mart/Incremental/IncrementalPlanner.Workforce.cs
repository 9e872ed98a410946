using System.Globalization;

namespace Scorecard.Pipeline.Mart;

// The workforce scope: the dates agent states, schedule activities, contacts and team moves reach.
internal sealed partial class IncrementalPlanner
{
    /// <summary>
    /// The workforce dates: the dates of changed contacts (queue intervals count contacts and spread agents by their
    /// handle time that day), and the dates a change of the agent states, the schedule or an agent's team reaches. An agent state
    /// changed (new, corrected or gone) at t changes the span before it (which started at most 12 hours earlier) and
    /// its own (at most 12 hours long): the intervals from t - 12 h to t + 12 h, on the UTC dates of their starts, the
    /// day before t's to the day after (a local interval of a time zone off the hour starts up to an hour before), and
    /// the adherence of the schedule days whose activities (each shorter than a day) overlap them, from two days
    /// before t's. A schedule activity changed (before and after) changes its day's adherence and the intervals it
    /// overlaps, from the day before its start to its end. A team move changes the adherence days whose team is not
    /// the one the previous build gave them.
    /// </summary>
    private void EnsureWorkforceDates()
    {
        if (_workforce)
        {
            return;
        }

        _workforce = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string changed = IncrementalScope.Schema + ".workforce_changed_dates";
        connection.Execute($"create or replace table {changed} (date_day date)");
        EnsureTelephonyDates();
        connection.Execute($"insert into {changed} select date_day from {IncrementalScope.TelephonyDates}");

        // Agent states and schedule activities in changed lake partitions: the rows now there and the rows of the
        // extracts they replace, as the previous build kept them (a row keeps its key, so a moved or dropped one is
        // among the replaced).
        string? states = ChangedRows("telephony/agent_states", "marts.fct_agent_state",
            "cast(changed_at as timestamptz) as starts_at, cast(changed_at as timestamptz) as ends_at", "changed_at as starts_at, changed_at as ends_at");
        if (states is not null)
        {
            connection.Execute($"""
                insert into {changed}
                select distinct cast(unnest(generate_series(cast(starts_at as date) - 2, cast(starts_at as date) + 1, interval 1 day)) as date)
                from ({states})
                """);
        }

        string? activities = ChangedRows("hr/schedule", "marts.fct_schedule_activity",
            "cast(starts_at as timestamptz) as starts_at, cast(ends_at as timestamptz) as ends_at", "starts_at, ends_at");
        if (activities is not null)
        {
            connection.Execute($"""
                insert into {changed}
                select distinct cast(unnest(generate_series(cast(starts_at as date) - 1, greatest(cast(ends_at as date), cast(starts_at as date)), interval 1 day)) as date)
                from ({activities})
                """);
        }

        // Adherence days whose agent's team on the day is not the one the previous build gave them.
        connection.Execute($"""
            insert into {changed}
            select distinct adherence.schedule_date
            from {PreviousCatalog}.marts.fct_agent_adherence_day as adherence
            left join marts.dim_agent as agents
                on agents.agent_id = adherence.agent_id
                and adherence.schedule_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
            where adherence.agent_id in (select agent_id from (
                    (select agent_id, team_id, valid_from, valid_to from marts.dim_agent
                     except select agent_id, team_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent)
                    union all
                    (select agent_id, team_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent
                     except select agent_id, team_id, valid_from, valid_to from marts.dim_agent)))
                and adherence.team_id is distinct from agents.team_id
            """);

        connection.Execute($"create or replace table {IncrementalScope.WorkforceDates} as select distinct date_day from {changed} where date_day is not null order by date_day");
        connection.Execute($"""
            create or replace table {IncrementalScope.WorkforceSpanDates} as
            select distinct cast(unnest(generate_series(date_day - 1, date_day + 1, interval 1 day)) as date) as date_day from {IncrementalScope.WorkforceDates}
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.WorkforceReachDates} as
            select distinct cast(unnest(generate_series(date_day - 1, date_day + 2, interval 1 day)) as date) as date_day from {IncrementalScope.WorkforceDates}
            """);
        foreach (string relation in new[] { IncrementalScope.WorkforceDates, IncrementalScope.WorkforceSpanDates, IncrementalScope.WorkforceReachDates })
        {
            connection.Execute($"set variable {IncrementalScope.FirstVariable(relation)} = (select coalesce(min(date_day), date '9999-12-31') from {relation})");
            connection.Execute($"set variable {IncrementalScope.LastVariable(relation)} = (select coalesce(max(date_day), date '0001-01-01') from {relation})");
        }

        long days = connection.Scalar<long>($"select count(*) from {IncrementalScope.WorkforceDates}");
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"build scope: {days} workforce date(s) in {clock.Elapsed.TotalSeconds:0.0} s"));
    }
}
