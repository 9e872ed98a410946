-- Contacts with their measures, the agent's team and site on the day and the sales made during them. Their
-- first-contact resolution is in marts.fct_contact_resolution: it changes for days after the contact (a repeat, the
-- end of the data passing its window), and a contact's row here does not. An incremental build reads the sales of
-- the contacts it recomputes alone ({{incremental_row_contacts:contact_id}}).
with contacts as (
    select * from intermediate.int_contacts_measured
),

sales as (
    select contact_id, amount
    from staging.stg_crm__sales
    where {{incremental_row_contacts:contact_id}}
),

agents as (
    select agent_id, team_id, site_id, valid_from, valid_to
    from marts.dim_agent
),

sales_per_contact as (
    select contact_id, count(*) as sale_count, sum(amount) as revenue_amount
    from sales
    group by contact_id
),

joined as (
    select
        contacts.contact_id,
        contacts.contact_date,
        contacts.channel,
        contacts.direction,
        contacts.queue_id,
        contacts.agent_id,
        agents.team_id,
        agents.site_id,
        contacts.customer_id,
        contacts.offered_at,
        contacts.answered_at,
        contacts.ended_at,
        contacts.outcome,
        contacts.reason_code,
        contacts.talk_seconds,
        contacts.hold_seconds,
        contacts.acw_seconds,
        contacts.handle_seconds,
        contacts.wait_seconds,
        contacts.is_offered,
        contacts.is_answered,
        contacts.is_answered as is_handled,
        contacts.is_abandoned,
        contacts.is_answered_within_threshold,
        contacts.is_abandoned_within_threshold,
        contacts.is_short_abandon,
        contacts.service_level_threshold_seconds,
        contacts.short_abandon_seconds,
        coalesce(sales_per_contact.sale_count, 0) as sale_count,
        coalesce(sales_per_contact.revenue_amount, 0) as revenue_amount,
        coalesce(sales_per_contact.sale_count, 0) > 0 as has_sale,
        contacts.extract_id,
        contacts.extract_date,
        contacts.source_file,
        contacts.source_row_number,
    from contacts
    left join sales_per_contact on sales_per_contact.contact_id = contacts.contact_id
    left join agents
        on agents.agent_id = contacts.agent_id
        and contacts.contact_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
)

select * from joined
