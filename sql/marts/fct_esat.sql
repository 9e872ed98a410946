-- Employee satisfaction responses; satisfied means a score of 4 or 5.
with responses as (
    select * from staging.stg_hr__esat_responses
),

scored as (
    select
        response_id,
        team_id,
        agent_id,
        responded_at,
        responded_date,
        esat_score,
        esat_score >= 4 as is_satisfied,
        extract_id,
    from responses
)

select * from scored
