-- Contacts with the measures every queue KPI needs: offered/answered/abandoned flags, wait and handle time,
-- and the service-level flags for the threshold of this build (variables set by the runner; defaults here).
-- {{incremental_rows:contact_date}} and {{incremental_row_contacts:contact_id}} are true in a full build; an incremental
-- build keeps only the contacts whose own row changed (the date predicate lets it read only their dates): a contact
-- whose first-contact resolution alone changed keeps its row (marts.fct_contact_resolution holds the FCR).
with contacts as (
    select * from staging.stg_telephony__contacts
    where {{incremental_rows:contact_date}} and {{incremental_row_contacts:contact_id}}
),

parameters as (
    select
        coalesce(getvariable('service_level_threshold_seconds'), 20) as service_level_threshold_seconds,
        coalesce(getvariable('short_abandon_seconds'), 5) as short_abandon_seconds,
),

flagged as (
    select
        contacts.*,
        contacts.direction = 'inbound' as is_offered,
        contacts.answered_at is not null as is_answered,
        contacts.direction = 'inbound' and contacts.answered_at is null as is_abandoned,
        contacts.talk_seconds + contacts.hold_seconds + contacts.acw_seconds as handle_seconds,
        epoch(coalesce(contacts.answered_at, contacts.ended_at)) - epoch(contacts.offered_at) as wait_seconds,
        parameters.service_level_threshold_seconds,
        parameters.short_abandon_seconds,
    from contacts
    cross join parameters
),

measured as (
    select
        *,
        is_answered and wait_seconds <= service_level_threshold_seconds as is_answered_within_threshold,
        is_abandoned and wait_seconds <= service_level_threshold_seconds as is_abandoned_within_threshold,
        is_abandoned and wait_seconds < short_abandon_seconds as is_short_abandon,
    from flagged
)

select * from measured
