using System.Globalization;

namespace Scorecard.Pipeline.Mart;

// The contact scope: which contacts and dates an incremental build recomputes (their rows, their FCR), worked out from the changed lake partitions and the previous build.
internal sealed partial class IncrementalPlanner
{
    private void EnsureDates()
    {
        if (_dates)
        {
            return;
        }

        _dates = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RequireBuilt("marts.dim_agent");
        RequireBuilt("staging.stg_telephony__contacts");
        connection.Execute($"create or replace table {IncrementalScope.Schema}.changed_dates (date_day date)");
        connection.Execute($"create or replace table {IncrementalScope.RowDates} (date_day date)");
        connection.Execute("create or replace temp table affected_ids (contact_id varchar)");
        connection.Execute("create or replace temp table row_ids (contact_id varchar)");
        const string previousContacts = $"{PreviousCatalog}.marts.fct_contact";

        // Contacts in changed telephony partitions (their rows and dates: the telephony scope).
        EnsureTelephonyDates();
        connection.Execute($"insert into {IncrementalScope.Schema}.changed_dates select date_day from {IncrementalScope.TelephonyDates}");
        connection.Execute($"insert into {IncrementalScope.RowDates} select date_day from {IncrementalScope.TelephonyDates}");
        connection.Execute("insert into affected_ids select contact_id from changed_contact_ids");
        connection.Execute("insert into row_ids select contact_id from changed_contact_ids");

        // Contacts whose case flags (their FCR alone) or sales (their row) changed.
        if (plan.ChangedPartitionsOf("crm/cases").Count > 0)
        {
            ContactsWithChanged("staging.stg_crm__cases", $"{PreviousCatalog}.marts.fct_case", "contact_id, is_resolved_first_contact", rowsChange: false);
        }

        if (plan.ChangedPartitionsOf("crm/sales").Count > 0)
        {
            ContactsWithChanged("staging.stg_crm__sales", $"{PreviousCatalog}.marts.fct_sale", "contact_id, amount", rowsChange: true);
        }

        // Contacts whose agent's team or site on the day is not what the previous build gave them: the days (of the
        // previous build's contact dates, stored) on which a changed agent's version now says another team or site than
        // it did, then the contacts of those agents on those days alone, the days written out so DuckDB reads only
        // their files of the previous build's contacts.
        string previousContactDays = StoredOrComputedContactDays(previousContacts);
        connection.Execute($"""
            create or replace temp table agent_moved_days as
            with changed_agents as (
                select distinct agent_id from (
                    (select agent_id, team_id, site_id, valid_from, valid_to from marts.dim_agent
                     except select agent_id, team_id, site_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent)
                    union all
                    (select agent_id, team_id, site_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent
                     except select agent_id, team_id, site_id, valid_from, valid_to from marts.dim_agent)
                )
            ),
            agent_days as (
                select changed_agents.agent_id, days.contact_date as date_day
                from changed_agents cross join ({previousContactDays}) as days
            ),
            now_on_day as (
                select agent_days.agent_id, agent_days.date_day, agents.team_id, agents.site_id
                from agent_days left join marts.dim_agent as agents
                    on agents.agent_id = agent_days.agent_id
                    and agent_days.date_day between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
            ),
            then_on_day as (
                select agent_days.agent_id, agent_days.date_day, agents.team_id, agents.site_id
                from agent_days left join {PreviousCatalog}.marts.dim_agent as agents
                    on agents.agent_id = agent_days.agent_id
                    and agent_days.date_day between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
            )
            select agent_id, date_day from now_on_day
            except
            select agent_id, date_day from (select * from now_on_day intersect select * from then_on_day)
            """);
        var movedDays = Dates("select distinct date_day from agent_moved_days");
        connection.Execute($"""
            create or replace temp table agent_moved as
            select contact_id, contact_date from {previousContacts}
            where contact_date in ({DateList(movedDays)})
                and (agent_id, contact_date) in (select agent_id, date_day from agent_moved_days)
            """);
        connection.Execute($"insert into {IncrementalScope.Schema}.changed_dates select distinct contact_date from agent_moved");
        connection.Execute($"insert into {IncrementalScope.RowDates} select distinct contact_date from agent_moved");
        connection.Execute("insert into affected_ids select contact_id from agent_moved");
        connection.Execute("insert into row_ids select contact_id from agent_moved");
        connection.Execute($"delete from {IncrementalScope.Schema}.changed_dates where date_day is null");

        // The contacts whose own row changed, and their dates: what fct_contact replaces (not widened by the FCR window).
        connection.Execute($"create or replace table {IncrementalScope.RowDates} as select distinct date_day from {IncrementalScope.RowDates} where date_day is not null order by date_day");
        connection.Execute($"create or replace table {IncrementalScope.RowContacts} as select distinct contact_id from row_ids where contact_id is not null");
        SetKeyRange(IncrementalScope.RowContacts);
        _rowDates = Dates($"select date_day from {IncrementalScope.RowDates} order by date_day");

        // The end of the data decides which contacts' FCR windows are observed: the new end is the latest contact
        // outside the changed dates (unchanged) or inside them (read again).
        long changedCount = connection.Scalar<long>($"select count(*) from {IncrementalScope.Schema}.changed_dates");
        // The previous build's latest contact per date is stored (ContactDays): reading it is a few rows, where a
        // max over the contacts reads every one of the history.
        connection.Execute($"set variable contacts_previous_data_end = (select max(last_offered_at) from ({previousContactDays}))");
        connection.Execute(changedCount == 0
            ? "set variable contacts_data_end = getvariable('contacts_previous_data_end')"
            : $"""
              set variable contacts_data_end = (select max(last_offered_at) from (
                  select max(last_offered_at) as last_offered_at from ({previousContactDays})
                  where contact_date not in (select date_day from {IncrementalScope.Schema}.changed_dates)
                  union all
                  select max(offered_at) from staging.stg_telephony__contacts
                  where contact_date in (select date_day from {IncrementalScope.Schema}.changed_dates)
              ))
              """);

        // A contact changed in telephony (new, corrected or gone) at t can settle, as repeat contact, the FCR of its
        // customer's contacts offered from t minus the window: the dates from there to t's (a new day's contacts reach
        // the 7 days before it, not 8, with the default window). A case flag, a sale or an agent's team changes its own
        // contact alone. A moved end of data changes which contacts have their whole window observed: those offered
        // between the earlier end minus the window and the later end minus the window.
        string window = (fcrWindowDays + 1).ToString(CultureInfo.InvariantCulture);
        string days = fcrWindowDays.ToString(CultureInfo.InvariantCulture);
        connection.Execute($"""
            create or replace table {IncrementalScope.Dates} as
            with moved as (
                select
                    least(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({days}) as after_at,
                    cast(greatest(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({days}) as date) as last_day,
                    getvariable('contacts_previous_data_end') is distinct from getvariable('contacts_data_end') as has_moved,
            ),
            -- The moved range starts after a time: its date is in it only when it holds a contact after that time (its
            -- latest contact, stored; a date of changed contacts is in the scope anyway). The end a day ago minus the
            -- window is mostly the last minute of a date whose contacts all came before.
            ends as (
                select
                    case when (select max(last_offered_at) from ({previousContactDays}) where contact_date = cast(after_at as date)) <= after_at
                        then cast(after_at as date) + 1
                        else cast(after_at as date)
                    end as first_day,
                    last_day,
                    has_moved,
                from moved
            ),
            widened as (
                select date_day from {IncrementalScope.Schema}.changed_dates
                union all
                select cast(unnest(generate_series(cast(first_offered_at - to_days({days}) as date), contact_date, interval 1 day)) as date)
                from telephony_first_offered
                where first_offered_at is not null and contact_date is not null
                union all
                select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date)
                from ends
                where has_moved and first_day is not null
            )
            select distinct date_day from widened order by date_day
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.LookaheadDates} as
            select distinct cast(unnest(generate_series(date_day, date_day + {window}, interval 1 day)) as date) as date_day
            from {IncrementalScope.Dates}
            """);

        var dates = Dates($"select date_day from {IncrementalScope.Dates} order by date_day");
        AffectedDates = dates;
        _lookahead = Dates($"select date_day from {IncrementalScope.LookaheadDates} order by date_day");

        EnsureContacts(days, dates);
        AffectedContacts = connection.Scalar<long>($"select count(*) from {IncrementalScope.Contacts}");
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"build scope: {AffectedContacts:N0} contact(s) on {AffectedDates.Count} date(s) in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>
    /// The contacts whose FCR may change (<see cref="IncrementalScope.Contacts"/>), within the scope dates: those already
    /// found (changed partitions, case flags, sales, agent moves), every contact of the customers (before and after) of
    /// a contact in a changed partition (a repeat settles, or unsettles, their FCR), and the contacts whose FCR window
    /// the moved end of the data now covers and for which the previous build found no repeat; and the customers of the
    /// first two kinds (<see cref="IncrementalScope.Customers"/>), whose later contacts the FCR lookup reads. The other
    /// contacts of the scope dates keep the previous build's rows.
    /// </summary>
    private void EnsureContacts(string window, IReadOnlyList<DateOnly> dates)
    {
        // The contacts of the scope dates, read once (the dates as literals: DuckDB prunes the previous build's Parquet
        // by them, through the staging view); the statements below each read them again.
        connection.Execute($"""
            create or replace temp table scope_date_contacts as
            select contact_id, customer_id, offered_at from staging.stg_telephony__contacts where contact_date in ({DateList(dates)})
            """);
        const string staging = "scope_date_contacts";
        connection.Execute($"""
            create or replace table {IncrementalScope.Customers} as
            select customer_id from {staging} where contact_id in (select contact_id from changed_previous union all select contact_id from affected_ids)
            union
            select customer_id from changed_previous
            """);
        connection.Execute($"delete from {IncrementalScope.Customers} where customer_id is null");
        connection.Execute($"insert into affected_ids select contact_id from {staging} where customer_id in (select customer_id from {IncrementalScope.Customers})");
        string windowMoved = $"""
            getvariable('contacts_previous_data_end') is distinct from getvariable('contacts_data_end')
                and offered_at > least(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({window})
                and offered_at <= greatest(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({window})
            """;

        // The contacts whose FCR window the moved end of the data now covers (or no longer does), of customers with no
        // changed contact and changed in no other way: the end decides their FCR only when the previous build found no
        // repeat for them (unsettled, or resolved for want of one), and no repeat came since (their customer's contacts
        // did not change), so they are recomputed without their customers' contacts being read (when one of those is
        // among the affected, the next one the lookup finds is no earlier than the real next, which is beyond the
        // window). The others keep their rows: a repeat found or a case flag stays what it was. (Reading their customers'
        // contacts was about half of a new day's FCR lookup.)
        var moved = Dates($"""
            select distinct cast(offered_at as date) from {staging} where {windowMoved}
            """);
        connection.Execute($"""
            insert into affected_ids
            select previous.contact_id
            from {PreviousCatalog}.marts.fct_contact_resolution as previous
            where previous.contact_date in ({DateList(moved)})
                and (previous.fcr_method is null or (previous.fcr_method = 'no_repeat' and previous.is_first_contact_resolved))
                and previous.contact_id in (
                    select contact_id from {staging}
                    where {windowMoved} and (customer_id is null or customer_id not in (select customer_id from {IncrementalScope.Customers})))
                and previous.contact_id not in (select contact_id from affected_ids where contact_id is not null)
            """);
        connection.Execute($"create or replace table {IncrementalScope.Contacts} as select distinct contact_id from affected_ids where contact_id is not null");
        SetKeyRange(IncrementalScope.Contacts);
    }

    /// <summary>The first and last contact id of <paramref name="relation"/>, as the variables its predicate reads
    /// (<see cref="IncrementalScope.KeyPredicate"/>; null when it holds none, when the predicate keeps no row either).</summary>
    private void SetKeyRange(string relation)
    {
        connection.Execute($"set variable {IncrementalScope.FirstVariable(relation)} = (select min(contact_id) from {relation})");
        connection.Execute($"set variable {IncrementalScope.LastVariable(relation)} = (select max(contact_id) from {relation})");
    }

    /// <summary>Contacts whose <paramref name="columns"/> (contact id first) in an incremental staging model differ from
    /// the previous build's fact: when it was staged from the changes, only rows of the keys staged or replaced can
    /// differ, so only those are compared; their contacts' dates are then read from the previous build's contacts.</summary>
    private void ContactsWithChanged(string current, string previous, string columns, bool rowsChange)
    {
        SqlModel? staging = models.FirstOrDefault(m => string.Equals(m.Relation, current, StringComparison.OrdinalIgnoreCase));
        string within = "contact_id is not null";
        if (staging is { UniqueKey: { } key } && StagedFromChanges.Contains(staging.Relation))
        {
            var replaced = ReplacedExtracts(staging);
            within += $"""
                 and ({key}) in (
                    select {key} from {staging.Relation}__changes
                    union all
                    select {key} from {previous} where {OfExtracts(replaced)})
                """;
        }

        connection.Execute($"""
            create or replace temp table flag_changed as
            with now_rows as (select {columns} from {current} where {within}),
            then_rows as (select {columns} from {previous} where {within}),
            changed as (
                (select * from now_rows except all select * from then_rows)
                union all
                (select * from then_rows except all select * from now_rows)
            )
            select contact_id, contact_date from {PreviousCatalog}.marts.fct_contact
            where contact_id in (select contact_id from changed)
            """);
        connection.Execute($"insert into {IncrementalScope.Schema}.changed_dates select distinct contact_date from flag_changed");
        connection.Execute("insert into affected_ids select contact_id from flag_changed");
        if (rowsChange)
        {
            connection.Execute($"insert into {IncrementalScope.RowDates} select distinct contact_date from flag_changed");
            connection.Execute("insert into row_ids select contact_id from flag_changed");
        }
    }

    /// <summary>
    /// The contacts in changed telephony partitions and their dates (<see cref="IncrementalScope.TelephonyDates"/>, not
    /// widened by the FCR window): the rows now there, the rows of the extracts they replace, and earlier rows of the
    /// same contacts (a contact keeps its latest row, whichever partition it is in); their dates before (previous mart)
    /// and now (staging). Reads staging and the previous build alone, no dimension. Leaves <c>changed_contact_ids</c>
    /// and <c>changed_previous</c> (their rows before, with the customer) for the FCR scope.
    /// </summary>
    private void EnsureTelephonyDates()
    {
        if (_telephony)
        {
            return;
        }

        _telephony = true;
        RequireBuilt("staging.stg_telephony__contacts");
        const string previousContacts = $"{PreviousCatalog}.marts.fct_contact";
        connection.Execute("create or replace temp table changed_contact_ids (contact_id varchar)");
        connection.Execute("create or replace temp table changed_previous (contact_id varchar, contact_date date, customer_id varchar, offered_at timestamptz)");
        connection.Execute("create or replace temp table telephony_first_offered (contact_date date, first_offered_at timestamptz)");
        connection.Execute($"create or replace table {IncrementalScope.TelephonyDates} (date_day date)");
        IReadOnlyList<string> telephony = plan.ChangedPartitionsOf("telephony/contacts");
        if (telephony.Count > 0)
        {
            var partitions = telephony.ToHashSet(StringComparer.Ordinal);
            var newFiles = plan.CurrentFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(Path.Combine(lakeRoot, f.Path))).ToList();
            var oldIds = plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).ToList();
            connection.Execute(newFiles.Count == 0
                ? $"create or replace temp table changed_contacts (contact_id varchar, contact_date date, offered_at timestamptz)"
                : $"create or replace temp table changed_contacts as select distinct cast(contact_id as varchar) as contact_id, cast(contact_date as date) as contact_date, cast(offered_at as timestamptz) as offered_at from read_parquet([{string.Join(", ", newFiles)}], union_by_name = true)");
            connection.Execute($"""
                insert into changed_contact_ids
                select contact_id from changed_contacts
                union
                select contact_id from {previousContacts} where {OfExtracts(oldIds)}
                """);

            // Their rows before (previous mart, one pass over its contact ids) and their dates now (staging, which holds
            // each contact's latest row: of a changed contact, the row of a changed partition when it has one).
            connection.Execute($"""
                insert into changed_previous
                select contact_id, contact_date, customer_id, offered_at from {previousContacts} where contact_id in (select contact_id from changed_contact_ids)
                """);
            string staged = StagedChanges("staging.stg_telephony__contacts");
            // Their dates, each with its earliest contact (now and before): the contacts whose FCR they may settle as
            // repeat contacts (or no longer) were offered up to the FCR window before it.
            connection.Execute($"""
                insert into telephony_first_offered
                select contact_date, min(offered_at) from (
                    select contact_date, offered_at from changed_contacts
                    union all
                    select contact_date, offered_at from changed_previous
                    union all
                    select contact_date, offered_at from {staged} where contact_id in (select contact_id from changed_contact_ids)
                )
                group by contact_date
                """);
            connection.Execute($"insert into {IncrementalScope.TelephonyDates} select contact_date from telephony_first_offered");
        }

        connection.Execute($"create or replace table {IncrementalScope.TelephonyDates} as select distinct date_day from {IncrementalScope.TelephonyDates} where date_day is not null order by date_day");
        _telephonyDates = Dates($"select date_day from {IncrementalScope.TelephonyDates} order by date_day");
    }

    /// <summary>The previous build's contact dates with their latest contact (<c>contact_date, last_offered_at</c>):
    /// stored (<see cref="ContactDays"/>), or from its contacts when it has none stored.</summary>
    private string StoredOrComputedContactDays(string previousContacts) =>
        connection.Scalar<long>($"select count(*) from duckdb_tables() where database_name = '{PreviousCatalog}' and schema_name = '{MetaSchema}' and table_name = 'contact_days'") > 0
            ? $"select contact_date, last_offered_at from {PreviousCatalog}.{ContactDays}"
            : $"select contact_date, max(offered_at) as last_offered_at from {previousContacts} group by all";
}
