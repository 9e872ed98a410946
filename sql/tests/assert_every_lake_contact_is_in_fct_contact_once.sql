-- Row conservation: every contact in the latest version of each lake extract is in fct_contact exactly once, and
-- fct_contact holds no other contact. Reads the lake itself (the same placeholder staging uses), so staging's
-- deduplication is checked rather than trusted.
-- in builds: replaced by the row conservation check (RowConservation), which checks the same row by row in a full build
-- and keeps it from stored per-partition counts in an incremental one; this query stays the rule's plain statement.
with lake_contacts as (
    select contact_id
    from {{lake:telephony/contacts}}
    qualify extract_id = max(extract_id) over (partition by extract_date)
),

contacts as (
    select contact_id from marts.fct_contact
),

expected as (
    select distinct contact_id from lake_contacts
),

actual as (
    select contact_id, count(*) as row_count
    from contacts
    group by contact_id
),

offending as (
    select
        coalesce(expected.contact_id, actual.contact_id) as contact_id,
        expected.contact_id is not null as is_in_lake,
        coalesce(actual.row_count, 0) as fct_contact_rows,
    from expected
    full outer join actual on actual.contact_id = expected.contact_id
    where expected.contact_id is null or actual.row_count is distinct from 1
)

select * from offending
