-- Every amount the money KPIs add up is in the mart's one currency (Mart__Currency, recorded on the money KPIs in
-- dim_kpi): sales amounts and agents' hourly cost. Revenue and cost are summed as recorded, without conversion, so
-- an amount in another currency would make revenue per successful call or cost per call wrong, not just mislabelled.
with mart_currency as (
    select distinct currency
    from scorecard.dim_kpi
    where unit = 'currency'
),

sales as (
    select sale_id, agent_id, currency
    from marts.fct_sale
),

agents as (
    select agent_version_id, agent_id, currency
    from marts.dim_agent
),

amounts as (
    select 'fct_sale' as relation, sale_id as row_id, currency from sales
    union all
    select 'dim_agent' as relation, agent_version_id as row_id, currency from agents
),

offending as (
    select amounts.relation, amounts.row_id, amounts.currency, mart_currency.currency as mart_currency
    from amounts
    cross join mart_currency
    where amounts.currency is not null and amounts.currency <> mart_currency.currency
)

select * from offending
