namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The relations of an incremental build's scope, in the schema <see cref="Schema"/> of the building database:
/// <c>dates</c> (the contact dates whose FCR is recomputed; <c>row_dates</c> and <c>telephony_dates</c> are those of
/// the contacts whose own rows changed, below), <c>lookahead_dates</c> (those dates and the FCR
/// window after each, which the repeat-contact lookup needs), <c>periods</c> (the KPI periods recomputed:
/// <c>period_grain, period_start</c>, for models replaced by period); per KPI source, <c>source_periods</c> and
/// <c>source_period_days</c> (the periods recomputed for that source and their days), and <c>kpi_periods</c> (each
/// KPI's periods recomputed: a KPI is recomputed only for the periods its own source changed in). Models reach the
/// dates through the <c>{{incremental_scope:column}}</c> and <c>{{incremental_lookahead:column}}</c> placeholders,
/// the KPI SQL generated in an incremental build reads the per-source relations; the runner fills them just before
/// the first model that needs them.
/// <para>
/// A model may have partitions of its own (<c>incremental_scope</c> in its YAML, <see cref="SqlModel.Scope"/>):
/// <c>changed_rows</c> (<c>&lt;model&gt;_partitions</c>: the dates of a fact's rows whose staged row, contact or agent
/// changed; the model keeps its rows with <c>{{incremental_partitions:&lt;model&gt;/&lt;column&gt;}}</c>) or
/// <c>kpi_periods_and_next</c> (<c>kpi_periods_and_next</c>: each KPI's recomputed periods and the period after each,
/// whose change from the previous period reads them; the model reads <c>{{incremental_kpi_periods_around:alias}}</c>,
/// those periods and the one before each). <c>{{incremental_periods:alias}}</c> keeps the rows of the recomputed
/// <c>periods</c>. Each is <c>true</c> in a full build.
/// </para>
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
    public const string PartitionsPlaceholder = "incremental_partitions";
    public const string PeriodsPlaceholder = "incremental_periods";
    public const string KpiPeriodsAroundPlaceholder = "incremental_kpi_periods_around";

    /// <summary>A model scope: the dates of a fact's rows whose staged row, contact or agent changed.</summary>
    public const string ChangedRows = "changed_rows";

    /// <summary>A model scope: the KPI periods recomputed and, per KPI, the period after each.</summary>
    public const string KpiPeriodsAndNext = "kpi_periods_and_next";
    public const string KpiPeriodsAndNextRelation = Schema + ".kpi_periods_and_next";

    /// <summary>The KPI periods recomputed and the periods before and after each: what a model scoped by
    /// <see cref="KpiPeriodsAndNext"/> reads.</summary>
    public const string KpiPeriodsAround = Schema + ".kpi_periods_around";

    /// <summary>The predicate keeping the period starts of <paramref name="relation"/> (<see cref="Periods"/> or
    /// <see cref="KpiPeriodsAround"/>), in the form the planner writes out as literals once they are known.</summary>
    public static string PeriodStartsOf(string relation) => $"in (select period_start from {relation})";

    /// <summary>The placeholders this scope expands, besides the contact dates.</summary>
    public static IReadOnlyList<string> ModelPlaceholders { get; } = [PartitionsPlaceholder, PeriodsPlaceholder, KpiPeriodsAroundPlaceholder];

    /// <summary>The relation of a model's own partitions (<see cref="SqlModel.Scope"/>), its columns named as the model's partition columns.</summary>
    public static string PartitionsOf(SqlModel model) =>
        model.Scope == KpiPeriodsAndNext ? KpiPeriodsAndNextRelation : PartitionsOf(model.Name);

    private static string PartitionsOf(string modelName) => $"{Schema}.{modelName}_partitions";

    /// <summary>
    /// The predicate of a model placeholder (<see cref="ModelPlaceholders"/>): <c>incremental_partitions:model/column</c>
    /// keeps the rows of <c>column</c> (a date, optionally qualified) in the model's own partitions;
    /// <c>incremental_periods:alias</c> and <c>incremental_kpi_periods_around:alias</c> the rows of that alias in the
    /// periods recomputed, and in the KPI periods around those recomputed.
    /// </summary>
    public static string ModelPredicate(string placeholder, string argument, string displayPath)
    {
        if (placeholder == PartitionsPlaceholder)
        {
            string[] parts = argument.Split('/');
            if (parts.Length != 2)
            {
                throw new MartDefinitionException($"{displayPath}: expected {{{{{PartitionsPlaceholder}:<model>/<date column>}}}}, not '{argument}'.");
            }

            string column = parts[1].Split('.')[^1];
            return $"({parts[1]} in (select {column} from {PartitionsOf(parts[0])}))";
        }

        string[] columns = placeholder == PeriodsPlaceholder ? ["period_grain", "period_start"] : ["kpi_id", "period_grain", "period_start"];
        string relation = placeholder == PeriodsPlaceholder ? Periods : KpiPeriodsAround;
        // The period starts first, on their own: the incremental build writes them out as literals (BindScope), which
        // DuckDB pushes into the scan of the table (fct_kpi's Parquet: the weeks of those periods), where the exists
        // alone became a join after reading and pairing every period of the history.
        return $"({argument}.period_start {PeriodStartsOf(relation)} and exists (select 1 from {relation} as scoped where {string.Join(" and ", columns.Select(c => $"scoped.{c} = {argument}.{c}"))}))";
    }

    /// <summary>The contacts whose FCR may change (<c>contact_id</c>): those of changed lake partitions, those whose case
    /// flag, sales or agent's team changed, the contacts of the customers of the first kind within the FCR window, and
    /// those whose FCR window the moved end of the data now covers and for which the previous build found no repeat
    /// (a repeat found or a case flag stays what it was). A model with <c>unique_key: contact_id</c> (and the
    /// default <c>incremental_scope: contacts</c>) is replaced by these keys.</summary>
    public const string Contacts = Schema + ".contacts";

    /// <summary>The customers (before and after) of contacts in changed lake partitions and of contacts changed otherwise:
    /// the FCR of their other contacts may change.</summary>
    public const string Customers = Schema + ".customers";

    /// <summary>The contacts whose own row changed (<c>contact_id</c>): those of changed lake partitions, now and in the
    /// extracts they replace, and those whose sales or agent's team or site changed. Not the contacts whose first-contact
    /// resolution alone changed (a repeat, a case flag, the end of the data): those are rows of
    /// <c>marts.fct_contact_resolution</c> only. A model with <c>unique_key: contact_id</c> and
    /// <c>incremental_scope: contact_rows</c> is replaced by these keys, on the <see cref="RowDates"/>.</summary>
    public const string RowContacts = Schema + ".row_contacts";

    /// <summary>The dates of the <see cref="RowContacts"/>, before and after (not widened by the FCR window).</summary>
    public const string RowDates = Schema + ".row_dates";

    /// <summary>The value of <c>incremental_scope</c> in a model's YAML for a model replaced by <see cref="RowDates"/>
    /// (and, with <c>unique_key: contact_id</c>, by the <see cref="RowContacts"/>).</summary>
    public const string ContactRowsScope = "contact_rows";

    /// <summary>The dates of the contacts in changed telephony partitions, now and in the extracts they replace, before
    /// and after (<c>incremental_scope: telephony_rows</c>): what a model summing the staged contacts themselves
    /// replaces. Worked out from staging and the previous build alone, so such a model may run before
    /// <c>marts.dim_agent</c>, whose changes the other contact scopes compare.</summary>
    public const string TelephonyDates = Schema + ".telephony_dates";

    /// <summary>The value of <c>incremental_scope</c> in a model's YAML for a model replaced by <see cref="TelephonyDates"/>.</summary>
    public const string TelephonyRowsScope = "telephony_rows";

    public const string TelephonyPlaceholder = "incremental_telephony";

    public const string ContactsPlaceholder = "incremental_contacts";
    public const string CustomersPlaceholder = "incremental_customers";
    public const string RowContactsPlaceholder = "incremental_row_contacts";
    public const string RowDatesPlaceholder = "incremental_rows";

    /// <summary>True for a placeholder keeping rows by a key (<see cref="KeyPredicate"/>).</summary>
    public static bool IsKeyPlaceholder(string placeholder) => placeholder is ContactsPlaceholder or CustomersPlaceholder or RowContactsPlaceholder;

    /// <summary>
    /// The predicate keeping rows whose <paramref name="column"/> is an affected contact or customer. Of the contacts it
    /// also keeps the column between their first and last id, held in variables (<see cref="FirstVariable"/>), as the
    /// workforce dates do (<see cref="Predicate(string, string)"/>): contact ids that grow with time (as a day's do in most
    /// platforms) then let the scans below skip the Parquet of other days (a new day's FCR read the case flags of the
    /// whole history: 314,000 cases at 30 days); ids in no order skip nothing and cost nothing.
    /// </summary>
    public static string KeyPredicate(string column, string placeholder) => placeholder switch
    {
        ContactsPlaceholder => ContactPredicate(column, Contacts),
        RowContactsPlaceholder => ContactPredicate(column, RowContacts),
        _ => $"({column} in (select customer_id from {Customers}))",
    };

    private static string ContactPredicate(string column, string relation) =>
        $"({column} between getvariable('{FirstVariable(relation)}') and getvariable('{LastVariable(relation)}') and {column} in (select contact_id from {relation}))";

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
        RowDatesPlaceholder => RowDates,
        TelephonyPlaceholder => TelephonyDates,
        LookaheadPlaceholder => LookaheadDates,
        WorkforcePlaceholder => WorkforceDates,
        WorkforceSpansPlaceholder => WorkforceSpanDates,
        WorkforceReachPlaceholder => WorkforceReachDates,
        _ => null,
    };

    /// <summary>The dates an incremental model partitioned by a date column replaces: the contact dates, the dates of
    /// changed contact rows, or the workforce dates.</summary>
    public static string DatesOf(SqlModel model) => model.DateScope switch
    {
        WorkforceScope => WorkforceDates,
        ContactRowsScope => RowDates,
        TelephonyRowsScope => TelephonyDates,
        _ => Dates,
    };

    /// <summary>The contacts a model with <c>unique_key: contact_id</c> is replaced by: the <see cref="RowContacts"/>
    /// (<c>incremental_scope: contact_rows</c>) or every affected <see cref="Contacts"/>.</summary>
    public static string ContactsOf(SqlModel model) => model.DateScope == ContactRowsScope ? RowContacts : Contacts;

    /// <summary>The predicate keeping rows of <paramref name="column"/> (a date) within the scope.</summary>
    public string Predicate(string column, bool lookahead) => Predicate(column, lookahead ? LookaheadDates : Dates);

    /// <summary>The predicate keeping rows of <paramref name="column"/> (a date) within the dates of <paramref name="relation"/>.
    /// Of the workforce relations it also keeps the column between their first and last day, held in variables
    /// (<see cref="FirstVariable"/>): DuckDB folds those to constants when it binds the model, so the range reaches
    /// the table scans below views and joins (an incremental staging view's previous rows, say), where the membership
    /// test alone is a join above them.</summary>
    public string Predicate(string column, string relation) =>
        relation is WorkforceDates or WorkforceSpanDates or WorkforceReachDates
            ? $"({column} between getvariable('{FirstVariable(relation)}') and getvariable('{LastVariable(relation)}') and {column} in (select date_day from {relation}))"
            : $"({column} in (select date_day from {relation}))";

    /// <summary>The variable holding the first day of a workforce date relation, or the first id of a contact relation
    /// (set when the relation is filled).</summary>
    public static string FirstVariable(string relation) => relation.Replace('.', '_') + "_first";

    /// <summary>The variable holding the last day of a workforce date relation, or the last id of a contact relation.</summary>
    public static string LastVariable(string relation) => relation.Replace('.', '_') + "_last";

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
        model.Scope is not null ? PartitionsOf(model)
        : model.PartitionBy.SequenceEqual(IncrementalPlan.KpiPeriodPartition) ? KpiPeriods
        : model.PartitionBy.SequenceEqual(IncrementalPlan.PeriodPartition) ? Periods
        : $"(select date_day as {column} from {DatesOf(model)})";
}
