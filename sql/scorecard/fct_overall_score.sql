-- The overall score: the weighted mean of the perspective scores (perspective weights from the registry, spread
-- over the perspectives that have a score), within 0-100 like them.
-- An incremental build recomputes the periods whose KPIs it recomputed.
with perspective_scores as (
    select period_grain, period_start, level, member_id, perspective, score, perspective_weight
    from scorecard.fct_perspective_score as perspective_rows
    where {{incremental_periods:perspective_rows}}
),

overall as (
    select
        period_grain,
        period_start,
        level,
        member_id,
        sum(score * perspective_weight) filter (where score is not null)
            / nullif(sum(perspective_weight) filter (where score is not null), 0) as score,
        count(score) as perspectives_scored,
    from perspective_scores
    group by period_grain, period_start, level, member_id
)

select * from overall
