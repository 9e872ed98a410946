-- Sales from the CRM, typed and deduplicated.
-- {{source:crm/sales}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:crm/sales}}
),

renamed as (
    select
        cast(sale_id as varchar) as sale_id,
        cast(contact_id as varchar) as contact_id,
        cast(agent_id as varchar) as agent_id,
        cast(sold_at as timestamptz) as sold_at,
        cast(sold_date as date) as sold_date,
        cast(amount as decimal(18, 4)) as amount,
        cast(currency as varchar) as currency,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
