-- Sales with the queue of the contact they were made in and the credited agent's team on the day.
-- An incremental build recomputes the sale days of the sales that changed (see fct_sale.yml).
with sales as (
    select * from staging.stg_crm__sales
    where {{incremental_partitions:fct_sale/sold_date}}
),

contacts as (
    select contact_id, queue_id, channel
    from marts.fct_contact
    where contact_id in (select contact_id from sales)
),

agents as (
    select agent_id, team_id, site_id, valid_from, valid_to
    from marts.dim_agent
),

joined as (
    select
        sales.sale_id,
        sales.contact_id,
        contacts.queue_id,
        contacts.channel,
        sales.agent_id,
        agents.team_id,
        agents.site_id,
        sales.sold_at,
        sales.sold_date,
        sales.amount,
        sales.currency,
        sales.extract_id,
        sales.extract_date,
        sales.source_file,
        sales.source_row_number,
    from sales
    left join contacts on contacts.contact_id = sales.contact_id
    left join agents
        on agents.agent_id = sales.agent_id
        and sales.sold_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
)

select * from joined
