-- Customer survey responses with the queue, agent and team of the contact they rate, CSAT top-two-box and NPS
-- category.
-- An incremental build recomputes the response days of the surveys that changed (see fct_survey.yml).
with surveys as (
    select * from staging.stg_crm__surveys
    where {{incremental_partitions:fct_survey/responded_date}}
),

contacts as (
    select contact_id, queue_id, agent_id, team_id, channel
    from marts.fct_contact
    where contact_id in (select contact_id from surveys)
),

joined as (
    select
        surveys.survey_id,
        surveys.contact_id,
        contacts.queue_id,
        contacts.agent_id,
        contacts.team_id,
        contacts.channel,
        surveys.responded_at,
        surveys.responded_date,
        surveys.csat_score,
        surveys.csat_score >= 4 as is_csat_top_two_box,
        surveys.nps_score,
        case
            when surveys.nps_score >= 9 then 'promoter'
            when surveys.nps_score >= 7 then 'passive'
            when surveys.nps_score >= 0 then 'detractor'
        end as nps_category,
        surveys.extract_id,
        surveys.extract_date,
        surveys.source_file,
        surveys.source_row_number,
    from surveys
    left join contacts on contacts.contact_id = surveys.contact_id
)

select * from joined
