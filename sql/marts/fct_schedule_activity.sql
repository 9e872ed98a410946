-- The workforce schedule as the mart keeps it: what each agent was planned to do when, with the extract it came
-- from. It keeps every column of staging.stg_hr__schedule, so an incremental build stages only the changed lake
-- partitions and takes every other activity from here ({{incremental_workforce:schedule_date}}: the workforce dates).
with schedule as (
    select agent_id, starts_at, ends_at, schedule_date, activity, extract_date, extract_id, source_file, source_row_number
    from staging.stg_hr__schedule
    where {{incremental_workforce:schedule_date}}
)

select * from schedule
