using System.Globalization;

namespace Scorecard.Pipeline.Mart;

// The workforce scope: the dates agent states, schedule activities, contacts and team moves reach.
internal sealed partial class IncrementalPlanner
{
    /// <summary>
    /// The workforce dates: the dates of changed contacts (queue intervals count contacts and spread agents by their
    /// handle time that day), and the dates a change of the agent states, the schedule or an agent's team reaches.
    /// <list type="bullet">
    /// <item>An agent state changed (new, corrected or gone) at t changes its own span (at most 12 hours long) and the
    /// span before it, when that one started less than 12 hours before t (a span ends at the next change or after 12
    /// hours, whichever is first: an earlier one ended on its own). Those spans (the agent's, from the start of the one
    /// before, or t, to t + 12 h) reach the intervals on the UTC dates from an hour before their start (a local interval
    /// of a time zone off the hour starts up to an hour before) to their end, which hold their start dates too, and the
    /// adherence of the agent's schedule days whose activities overlap them.</item>
    /// <item>A schedule activity changed (before and after) changes its day's adherence and the intervals it overlaps,
    /// from an hour before its start to its end.</item>
    /// <item>A team move changes the adherence days whose team is not the one the previous build gave them.</item>
    /// </list>
    /// Found from the rows, not widened by whole days: a new day's states, starting more than 12 hours after each agent's
    /// last of the day before, reach that day and the next (the ends of its evening spans) alone, where whole days
    /// reached from two days before to the day after (a 30-day build's day: 3 days of spans, intervals and adherence
    /// computed, not 1).
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
            "cast(agent_id as varchar) as agent_id, cast(changed_at as timestamptz) as changed_at", "agent_id, changed_at");
        if (states is not null)
        {
            connection.Execute($"create or replace temp table workforce_changed_states as select distinct agent_id, changed_at from ({states}) where changed_at is not null");

            // The state before each changed one, of the states now (its UTC dates, state_date, as literals: DuckDB then
            // reads those days' files alone of the previous build's states).
            RequireBuilt("staging.stg_telephony__agent_states");
            RequireBuilt("staging.stg_hr__schedule");
            var before = Dates("select distinct cast(unnest(generate_series(cast(changed_at - interval 12 hour as date), cast(changed_at as date), interval 1 day)) as date) from workforce_changed_states");
            connection.Execute($"""
                create or replace temp table workforce_changed_spans as
                with states_before as (
                    select agent_id, changed_at from staging.stg_telephony__agent_states
                    where state_date in ({DateList(before)})
                ),
                changed as (
                    select changed.agent_id, changed.changed_at, states_before.changed_at as before_at
                    from workforce_changed_states as changed
                    asof left join states_before
                        on states_before.agent_id = changed.agent_id and changed.changed_at > states_before.changed_at
                )
                select
                    agent_id,
                    min(case when before_at > changed_at - interval 12 hour then before_at else changed_at end) as starts_at,
                    max(changed_at) + interval 12 hour as ends_at,
                from changed
                group by agent_id, cast(changed_at as date)
                """);
            connection.Execute($"""
                insert into {changed}
                select distinct cast(unnest(generate_series(cast(starts_at - interval 1 hour as date), cast(ends_at as date), interval 1 day)) as date)
                from workforce_changed_spans
                """);

            // An activity lasts less than a day: one overlapping a span started on its UTC date or the day before.
            var scheduleDays = Dates("select distinct cast(unnest(generate_series(cast(starts_at as date) - 1, cast(ends_at as date), interval 1 day)) as date) from workforce_changed_spans");
            connection.Execute($"""
                insert into {changed}
                select distinct schedule.schedule_date
                from staging.stg_hr__schedule as schedule
                inner join workforce_changed_spans as spans
                    on spans.agent_id = schedule.agent_id and schedule.starts_at < spans.ends_at and schedule.ends_at > spans.starts_at
                where schedule.schedule_date in ({DateList(scheduleDays)})
                """);
        }

        string? activities = ChangedRows("hr/schedule", "marts.fct_schedule_activity",
            "cast(starts_at as timestamptz) as starts_at, cast(ends_at as timestamptz) as ends_at", "starts_at, ends_at");
        if (activities is not null)
        {
            connection.Execute($"""
                insert into {changed}
                select distinct cast(unnest(generate_series(cast(starts_at - interval 1 hour as date), greatest(cast(ends_at as date), cast(starts_at as date)), interval 1 day)) as date)
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
