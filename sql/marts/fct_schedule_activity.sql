-- The workforce schedule as the mart keeps it: what each agent was planned to do when, with the extract it came
-- from. An incremental build compares it with the previous build's to find the days a schedule change reaches.
with schedule as (
    select agent_id, starts_at, ends_at, schedule_date, activity, extract_date, extract_id, source_file, source_row_number
    from staging.stg_hr__schedule
)

select * from schedule
