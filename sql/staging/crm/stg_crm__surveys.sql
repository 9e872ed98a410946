-- Customer survey responses from the CRM, typed and deduplicated.
-- {{lake:crm/surveys}} is the one substitution in staging: the runner replaces it with read_parquet over this dataset's
-- hive partitions in the lake staged on local disk (a path only known at build time), or with an empty select of
-- the lake's column types when the dataset has no files yet, so the view can always be created.
with source as (
    select * from {{lake:crm/surveys}}
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
    qualify row_number() over (partition by survey_id order by extract_id desc, source_row_number desc) = 1
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
    from deduplicated
)

select * from renamed
