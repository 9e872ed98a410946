-- Cases from the CRM, typed and deduplicated.
-- {{lake:crm/cases}} is the one substitution in staging: the runner replaces it with read_parquet over this dataset's
-- hive partitions in the lake staged on local disk (a path only known at build time), or with an empty select of
-- the lake's column types when the dataset has no files yet, so the view can always be created.
with source as (
    select * from {{lake:crm/cases}}
),

latest_extracts as (
    -- A corrected extract is a new file in the same partition; extract_id sorts by ingest time, so the
    -- latest version of each extract wins even while an older file is still visible.
    select *
    from source
    qualify extract_id = max(extract_id) over (partition by extract_date)
),

deduplicated as (
    select *
    from latest_extracts
    qualify row_number() over (partition by case_id order by extract_id desc, source_row_number desc) = 1
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
    from deduplicated
)

select * from renamed
