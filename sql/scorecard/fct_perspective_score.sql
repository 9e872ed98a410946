-- Perspective scores: the weighted mean of the scores of a perspective's KPIs (weights from the registry) over the
-- KPIs that have a score in the period. Each KPI score is capped at 100 (target met), so the mean lies within 0-100
-- and reaches 100 only when every scored KPI meets its target.
-- An incremental build recomputes the periods whose KPIs it recomputed.
with scorecard as (
    select perspective, period_grain, period_start, level, member_id, kpi_id, score, weight
    from scorecard.fct_scorecard as scored_kpis
    where {{incremental_periods:scored_kpis}}
),

perspectives as (
    select perspective, perspective_label, perspective_weight
    from seeds.perspectives
),

weighted as (
    select
        perspective,
        period_grain,
        period_start,
        level,
        member_id,
        sum(score * weight) filter (where score is not null) as weighted_score_sum,
        sum(weight) filter (where score is not null) as weight_sum,
        count(score) filter (where weight > 0) as kpis_scored,
    from scorecard
    group by perspective, period_grain, period_start, level, member_id
),

final as (
    select
        weighted.perspective,
        perspectives.perspective_label,
        perspectives.perspective_weight,
        weighted.period_grain,
        weighted.period_start,
        weighted.level,
        weighted.member_id,
        case when weighted.weight_sum > 0 then weighted.weighted_score_sum / weighted.weight_sum end as score,
        weighted.kpis_scored,
    from weighted
    inner join perspectives on perspectives.perspective = weighted.perspective
)

select * from final
