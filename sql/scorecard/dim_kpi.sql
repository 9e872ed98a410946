-- The KPI registry (sql/kpis.yml) as a table, so BI tools and exports show each KPI's definition beside it.
with kpis as (
    select * from seeds.kpis
),

perspectives as (
    select perspective, perspective_label, perspective_weight
    from seeds.perspectives
),

described as (
    select kpis.*, perspectives.perspective_label, perspectives.perspective_weight
    from kpis
    inner join perspectives on perspectives.perspective = kpis.perspective
)

select * from described
