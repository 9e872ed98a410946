-- Cases from the CRM, typed and deduplicated.
-- {{source:crm/cases}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:crm/cases}}
),

renamed as (
    select
        cast(case_id as varchar) as case_id,
        cast(contact_id as varchar) as contact_id,
        cast(customer_id as varchar) as customer_id,
        cast(opened_at as timestamptz) as opened_at,
        cast(closed_at as timestamptz) as closed_at,
        cast(opened_date as date) as opened_date,
        cast(category as varchar) as category,
        cast(status as varchar) as status,
        cast(resolved_first_contact as boolean) as is_resolved_first_contact,
        cast(complaint as boolean) as is_complaint,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
