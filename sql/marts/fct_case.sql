-- CRM cases with the queue, agent and team of the contact that opened them, and their UTC closing date.
-- An incremental build recomputes the opening days of the cases that changed (see fct_case.yml).
with cases as (
    select * from staging.stg_crm__cases
    where {{incremental_partitions:fct_case/opened_date}}
),

contacts as (
    select contact_id, queue_id, agent_id, team_id, channel
    from marts.fct_contact
    where contact_id in (select contact_id from cases)
),

joined as (
    select
        cases.case_id,
        cases.contact_id,
        cases.customer_id,
        contacts.queue_id,
        contacts.agent_id,
        contacts.team_id,
        contacts.channel,
        cases.opened_at,
        cases.closed_at,
        cases.opened_date,
        cast(timezone('UTC', cases.closed_at) as date) as closed_date,
        cases.category,
        cases.status,
        cases.status = 'resolved' as is_resolved,
        cases.is_resolved_first_contact,
        cases.is_complaint,
        cases.extract_id,
        cases.extract_date,
        cases.source_file,
        cases.source_row_number,
    from cases
    left join contacts on contacts.contact_id = cases.contact_id
)

select * from joined
