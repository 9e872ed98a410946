namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The relations of an incremental build's scope, in the schema <see cref="Schema"/> of the building database:
/// <c>dates</c> (the contact dates whose rows are recomputed), <c>lookahead_dates</c> (those dates and the FCR
/// window after each, which the repeat-contact lookup needs), <c>periods</c> (the KPI periods recomputed:
/// <c>period_grain, period_start</c>, for models replaced by period); per KPI source, <c>source_periods</c> and
/// <c>source_period_days</c> (the periods recomputed for that source and their days), and <c>kpi_periods</c> (each
/// KPI's periods recomputed: a KPI is recomputed only for the periods its own source changed in). Models reach the
/// dates through the <c>{{incremental_scope:column}}</c> and <c>{{incremental_lookahead:column}}</c> placeholders,
/// the KPI SQL generated in an incremental build reads the per-source relations; the runner fills them just before
/// the first model that needs them.
/// </summary>
internal sealed class IncrementalScope
{
    public const string Schema = "build_scope";
    public const string ScopePlaceholder = "incremental_scope";
    public const string LookaheadPlaceholder = "incremental_lookahead";
    public const string Dates = Schema + ".dates";
    public const string LookaheadDates = Schema + ".lookahead_dates";
    public const string Periods = Schema + ".periods";
    public const string SourcePeriods = Schema + ".source_periods";
    public const string SourcePeriodDays = Schema + ".source_period_days";
    public const string KpiPeriods = Schema + ".kpi_periods";

    /// <summary>The workforce dates (<c>incremental_scope: workforce</c> in a model's YAML): the contact dates and the
    /// dates a changed agent state, schedule activity or team move reaches (see <see cref="IncrementalPlanner"/>).</summary>
    public const string WorkforceDates = Schema + ".workforce_dates";

    /// <summary>The days whose state spans the workforce dates read: each workforce date and the day before and after.</summary>
    public const string WorkforceSpanDates = Schema + ".workforce_span_dates";

    /// <summary>The days of agent states and schedule activities read to compute those spans and intervals: the span
    /// days and one more after (a span lasts until the agent's next change).</summary>
    public const string WorkforceReachDates = Schema + ".workforce_reach_dates";

    public const string WorkforcePlaceholder = "incremental_workforce";
    public const string WorkforceSpansPlaceholder = "incremental_workforce_spans";
    public const string WorkforceReachPlaceholder = "incremental_workforce_reach";

    /// <summary>The value of <c>incremental_scope</c> in a model's YAML for a model replaced by workforce dates.</summary>
    public const string WorkforceScope = "workforce";

    /// <summary>The date relation of a date placeholder (<c>incremental_scope</c>, <c>incremental_workforce</c>, ...), or null.</summary>
    public static string? DatesOfPlaceholder(string placeholder) => placeholder switch
    {
        ScopePlaceholder => Dates,
        LookaheadPlaceholder => LookaheadDates,
        WorkforcePlaceholder => WorkforceDates,
        WorkforceSpansPlaceholder => WorkforceSpanDates,
        WorkforceReachPlaceholder => WorkforceReachDates,
        _ => null,
    };

    /// <summary>The dates an incremental model partitioned by a date column replaces: the contact dates, or the workforce dates.</summary>
    public static string DatesOf(SqlModel model) => model.DateScope == WorkforceScope ? WorkforceDates : Dates;

    /// <summary>The predicate keeping rows of <paramref name="column"/> (a date) within the scope.</summary>
    public string Predicate(string column, bool lookahead) => Predicate(column, lookahead ? LookaheadDates : Dates);

    /// <summary>The predicate keeping rows of <paramref name="column"/> (a date) within the dates of <paramref name="relation"/>.
    /// Of the workforce relations it also keeps the column between their first and last day, held in variables
    /// (<see cref="FirstDayVariable"/>): DuckDB folds those to constants when it binds the model, so the range reaches
    /// the table scans below views and joins (an incremental staging view's previous rows, say), where the membership
    /// test alone is a join above them.</summary>
    public string Predicate(string column, string relation) =>
        relation is WorkforceDates or WorkforceSpanDates or WorkforceReachDates
            ? $"({column} between getvariable('{FirstDayVariable(relation)}') and getvariable('{LastDayVariable(relation)}') and {column} in (select date_day from {relation}))"
            : $"({column} in (select date_day from {relation}))";

    /// <summary>The variable holding the first day of a workforce date relation (set when the relation is filled).</summary>
    public static string FirstDayVariable(string relation) => relation.Replace('.', '_') + "_first";

    /// <summary>The variable holding the last day of a workforce date relation.</summary>
    public static string LastDayVariable(string relation) => relation.Replace('.', '_') + "_last";

    /// <summary>The predicate keeping base rows of a KPI source whose date lies in a period recomputed for that source.</summary>
    public static string PeriodDaysPredicate(string column, string source) =>
        $"{column} in (select date_day from {SourcePeriodDays} where source = {SqlText.Literal(source)})";

    /// <summary>The predicate keeping a KPI source's rows, each counted in one period, of the periods recomputed for that source:
    /// a day of a recomputed month also counts in its day and week, which may not be recomputed.</summary>
    public static string SourcePeriodPredicate(string source, string grain, string start) =>
        $"exists (select 1 from {SourcePeriods} as scoped where scoped.source = {SqlText.Literal(source)} and scoped.period_grain = {grain} and scoped.period_start = {start})";

    /// <summary>The scope relation of an incremental model, with its partition columns as the model names them (a date
    /// partition's days as <paramref name="column"/>): the partitions the build may replace.</summary>
    public static string RelationOf(SqlModel model, string column) =>
        model.PartitionBy.SequenceEqual(IncrementalPlan.KpiPeriodPartition) ? KpiPeriods
        : model.PartitionBy.SequenceEqual(IncrementalPlan.PeriodPartition) ? Periods
        : $"(select date_day as {column} from {DatesOf(model)})";
}
