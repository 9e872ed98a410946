-- Customer survey responses from the CRM, typed and deduplicated.
-- {{source:crm/surveys}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:crm/surveys}}
),

renamed as (
    select
        cast(survey_id as varchar) as survey_id,
        cast(contact_id as varchar) as contact_id,
        cast(responded_at as timestamptz) as responded_at,
        cast(responded_date as date) as responded_date,
        cast(csat as integer) as csat_score,
        cast(nps as integer) as nps_score,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
