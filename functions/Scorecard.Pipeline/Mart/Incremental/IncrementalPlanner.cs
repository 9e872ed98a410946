using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Decides whether a build can be incremental and works out its scope.
/// <para>
/// What changed is read from the lake itself: every mart records the lake files it was built from
/// (<c>build_meta.lake_files</c>: path and size; a lake file is never rewritten under its name) and a hash of each part
/// of its definition (<c>build_meta.definition</c>: SQL and YAML under <c>sql/</c>, the KPI registry and the SQL
/// generated from it, the targets file, the build settings). A lake partition whose files differ is changed: a new
/// day, or a corrected re-delivery of an earlier day. This works the same for a local store and for a lake staged
/// from blob storage, and cannot disagree with the database it describes.
/// </para>
/// <para>
/// The scope, filled just before the first model that needs it:
/// contact dates = dates of the contacts in changed telephony partitions (new and replaced rows), of contacts whose
/// case flags or sales changed, and of contacts whose agent's team or site on the day changed in <c>dim_agent</c>;
/// each widened back by the FCR window (a repeat contact settles the contacts up to N days before it), plus the days
/// whose FCR window the end of the data now covers. KPI periods, per KPI source = the day, ISO week and month of every
/// contact date (for the contacts source) or of every date of a row that differs between the previous and the new
/// version of the source table (other sources are small and rebuilt whole, then compared); each KPI is recomputed for
/// its own source's periods only.
/// </para>
/// </summary>
internal sealed class IncrementalPlanner(DuckDBConnection connection, IncrementalPlan plan, string lakeRoot, KpiRegistry registry,
    IReadOnlyList<SqlModel> models, int fcrWindowDays, IProgress<string>? progress = null, bool materializeStaging = false)
{
    public const string PreviousCatalog = "previous";
    public const string MetaSchema = "build_meta";

    private readonly HashSet<string> _built = new(StringComparer.OrdinalIgnoreCase);
    private bool _dates;
    private bool _periods;
    private bool _workforce;

    /// <summary>Contact dates recomputed (empty before the scope is worked out).</summary>
    public IReadOnlyList<DateOnly> AffectedDates { get; private set; } = [];

    private List<DateOnly> _lookahead = [];
    private List<DateOnly> _rowDates = [];
    private bool _telephony;
    private List<DateOnly> _telephonyDates = [];

    /// <summary>
    /// A model's SQL with the scope's dates written out as literals once they are known: DuckDB pushes a constant list
    /// into every scan below it (through the staging views and into the previous build's Parquet, read only for those
    /// dates), where a subquery over the scope table would be joined after reading every row of the history.
    /// </summary>
    public string BindScope(string sql)
    {
        if (_telephony)
        {
            sql = sql.Replace($"in (select date_day from {IncrementalScope.TelephonyDates})", $"in ({DateList(_telephonyDates)})", StringComparison.Ordinal);
        }

        if (!_dates)
        {
            return sql;
        }

        return sql
            .Replace($"in (select date_day from {IncrementalScope.Dates})", $"in ({DateList(AffectedDates)})", StringComparison.Ordinal)
            .Replace($"in (select date_day from {IncrementalScope.LookaheadDates})", $"in ({DateList(_lookahead)})", StringComparison.Ordinal)
            .Replace($"in (select date_day from {IncrementalScope.RowDates})", $"in ({DateList(_rowDates)})", StringComparison.Ordinal);
    }

    private static string DateList(IReadOnlyList<DateOnly> dates) =>
        dates.Count == 0 ? "select null::date where false" : string.Join(", ", dates.Select(d => "date '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'"));

    /// <summary>Contacts recomputed (their FCR, measures and mart row); the other contacts of the affected dates are kept.</summary>
    public long AffectedContacts { get; private set; }

    /// <summary>KPI periods recomputed for at least one KPI.</summary>
    public long AffectedPeriods { get; private set; }

    /// <summary>Incremental staging models staged from the changed partitions and the previous mart.</summary>
    public List<string> StagedFromChanges { get; } = [];

    /// <summary>KPI values (KPI and period) recomputed.</summary>
    public long AffectedKpiPeriods { get; private set; }

    /// <summary>The parts of a build's definition, each hashed: a change in any makes the next build a full one.</summary>
    public static IReadOnlyDictionary<string, string> DefinitionHashes(string sqlRoot, KpiRegistry registry, MartOptions options)
    {
        var sql = new StringBuilder();
        foreach (string file in Directory.EnumerateFiles(sqlRoot, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".sql", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            sql.Append(Path.GetRelativePath(sqlRoot, file).Replace('\\', '/')).Append('\n').Append(File.ReadAllText(file)).Append('\0');
        }

        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["sql models"] = Hash(sql.ToString()),
            ["KPI registry"] = Hash(File.ReadAllText(registry.Path) + "\0" + KpiSqlGenerator.Generate(registry)
                + string.Concat(KpiSqlGenerator.DayTermQueries(registry).Select(q => "\0" + q.Query))),
            ["targets file"] = Hash(options.TargetsPath is null ? "none" : File.ReadAllText(options.TargetsPath)),
            ["build settings"] = Hash(string.Create(CultureInfo.InvariantCulture,
                $"{options.ServiceLevelThresholdSeconds}/{options.ShortAbandonSeconds}/{options.FcrWindowDays}/{options.IntervalMinutes}/{options.TimeZone}/{options.Shrinkage}/incremental-3")),
        };
    }

    /// <summary>Full or incremental, and why, from the previous mart at <paramref name="databasePath"/>.</summary>
    public static IncrementalPlan Decide(MartOptions options, string databasePath, IReadOnlyDictionary<string, string> definition, IReadOnlyList<LakeFile> lake)
    {
        if (options.FullRebuild)
        {
            return IncrementalPlan.Full("a full rebuild was asked for (--full)", lake);
        }

        if (!File.Exists(databasePath))
        {
            return IncrementalPlan.Full("there is no previous mart", lake);
        }

        if (File.Exists(Path.Combine(Path.GetDirectoryName(databasePath)!, MartBuilder.PublishingMarker)))
        {
            return IncrementalPlan.Full("the previous build was cut off while publishing (its Parquet may be ahead of its database)", lake);
        }

        var previousDefinition = new Dictionary<string, string>(StringComparer.Ordinal);
        var previousFiles = new List<LakeFile>();
        try
        {
            using DuckDBConnection previous = MartConnection.Open(databasePath, readOnly: true);
            using (var command = previous.CreateCommand())
            {
                command.CommandText = $"select component, hash from {MetaSchema}.definition";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    previousDefinition[reader.GetString(0)] = reader.GetString(1);
                }
            }

            using (var command = previous.CreateCommand())
            {
                command.CommandText = $"select path, size from {MetaSchema}.lake_files order by path";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    previousFiles.Add(new LakeFile(reader.GetString(0), reader.GetInt64(1)));
                }
            }
        }
        catch (DuckDBException)
        {
            return IncrementalPlan.Full("the previous mart has no build metadata (built before incremental builds)", lake);
        }

        var changed = definition.Where(p => !previousDefinition.TryGetValue(p.Key, out string? hash) || hash != p.Value).Select(p => p.Key).ToList();
        if (changed.Count > 0)
        {
            return IncrementalPlan.Full($"the {string.Join(", ", changed)} changed since the previous build", lake);
        }

        var plan = new IncrementalPlan(true, "", previousFiles, lake);
        string reason = plan.ChangedPartitions.Count == 0
            ? "no lake partition changed since the previous build"
            : $"{plan.ChangedPartitions.Count} lake partition(s) changed since the previous build: "
              + string.Join(", ", plan.ChangedPartitions.Take(5)) + (plan.ChangedPartitions.Count > 5 ? ", ..." : "");
        return plan with { Reason = reason };
    }

    /// <summary>The latest contact of each contact date (<c>contact_date, last_offered_at</c>): where the data ends,
    /// which decides whose FCR window is observed, without reading every contact.</summary>
    public const string ContactDays = MetaSchema + ".contact_days";

    /// <summary>Stores <see cref="ContactDays"/> from <c>marts.fct_contact</c>: all of it in a full build, the dates of
    /// the changed contact rows (the only ones whose contacts it replaced) in an incremental one.</summary>
    public static void WriteContactDays(DuckDBConnection connection, bool incremental)
    {
        if (connection.Scalar<long>("select count(*) from duckdb_views() where schema_name = 'marts' and view_name = 'fct_contact'")
            + connection.Scalar<long>("select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = 'fct_contact'") == 0)
        {
            return;
        }

        string table = $"{MartConnection.CatalogName}.{ContactDays}";
        connection.Execute($"create schema if not exists {MartConnection.CatalogName}.{MetaSchema}");
        if (!incremental || connection.Scalar<long>($"select count(*) from duckdb_tables() where database_name = '{MartConnection.CatalogName}' and schema_name = '{MetaSchema}' and table_name = 'contact_days'") == 0)
        {
            connection.Execute($"create or replace table {table} as select contact_date, max(offered_at) as last_offered_at from marts.fct_contact group by all");
            return;
        }

        if (connection.Scalar<long>($"select count(*) from duckdb_tables() where schema_name = '{IncrementalScope.Schema}' and table_name = 'row_dates'") == 0)
        {
            return; // no model needed the scope: no contact was replaced
        }

        connection.Execute($"delete from {table} where contact_date in (select date_day from {IncrementalScope.RowDates})");
        connection.Execute($"insert into {table} select contact_date, max(offered_at) from marts.fct_contact where contact_date in (select date_day from {IncrementalScope.RowDates}) group by all");
    }

    /// <summary>Records the definition and the lake files of this build in the building database.</summary>
    /// <remarks><paramref name="dataTestsPassed"/> is recorded so the next incremental build may test only what it recomputes.</remarks>
    public static void WriteMetadata(DuckDBConnection connection, IReadOnlyDictionary<string, string> definition, IReadOnlyList<LakeFile> lake, bool incremental, bool dataTestsPassed = false)
    {
        connection.Execute($"create schema if not exists {MetaSchema}");
        connection.Execute($"create or replace table {MetaSchema}.definition (component varchar primary key, hash varchar)");
        connection.Execute($"insert into {MetaSchema}.definition values " + string.Join(", ", definition.Select(p => $"({SqlText.Literal(p.Key)}, {SqlText.Literal(p.Value)})")));
        connection.Execute($"create or replace table {MetaSchema}.lake_files (path varchar primary key, size bigint)");
        foreach (LakeFile[] chunk in lake.Chunk(500))
        {
            connection.Execute($"insert into {MetaSchema}.lake_files values "
                + string.Join(", ", chunk.Select(f => string.Create(CultureInfo.InvariantCulture, $"({SqlText.Literal(f.Path)}, {f.Size})"))));
        }

        connection.Execute($"create or replace table {MetaSchema}.build as select now() as built_at, {(incremental ? "'incremental'" : "'full'")} as build_mode, {(dataTestsPassed ? "true" : "false")} as data_tests_passed");
    }

    /// <summary>Fills the scope a model needs, once, just before it runs.</summary>
    public void BeforeModel(SqlModel model)
    {
        try
        {
            if (model.IsIncrementalStaging || (!model.UsesScope && !model.IsIncremental))
            {
                return;
            }

            if (model.DateScope == IncrementalScope.TelephonyRowsScope)
            {
                EnsureTelephonyDates();
                return;
            }

            EnsureDates();
            if (model.DateScope == IncrementalScope.WorkforceScope || model.Text.Contains("{{" + IncrementalScope.WorkforcePlaceholder, StringComparison.Ordinal))
            {
                EnsureWorkforceDates();
            }

            if (model.PartitionBy.SequenceEqual(IncrementalPlan.PeriodPartition) || model.PartitionBy.SequenceEqual(IncrementalPlan.KpiPeriodPartition)
                || model.Sql.Contains(IncrementalScope.SourcePeriodDays, StringComparison.Ordinal)
                || model.Sql.Contains(IncrementalScope.Periods, StringComparison.Ordinal))
            {
                EnsurePeriods();
            }

            if (model.Scope == IncrementalScope.ChangedRows)
            {
                EnsureChangedRows(model);
            }
            else if (model.Scope == IncrementalScope.KpiPeriodsAndNext)
            {
                EnsureKpiPeriodsAndNext();
            }
        }
        finally
        {
            // Models run one after another, so every model seen before this one is built.
            _built.Add(model.Relation);
        }
    }

    /// <summary>
    /// Builds an incremental staging model (<see cref="SqlModel.IsIncrementalStaging"/>): its SQL over the lake
    /// partitions that changed since the previous build only, then, for every other key, the row the previous build
    /// kept (its <see cref="SqlModel.PreviousRelation"/>). A key in both keeps the newer row by extract id (then row
    /// number), as staging from the whole lake would. A key that was kept from a replaced extract and is in none of the
    /// changed partitions now may have an older row elsewhere in the lake: then the model is staged from the whole lake.
    /// </summary>
    public void BuildStaging(SqlModel model)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string raw = model.Text;
        var datasets = ExtractContracts.All.Where(c => raw.Contains($"{{{{lake:{c.Id}}}}}", StringComparison.Ordinal)).ToList();
        var partitions = datasets.SelectMany(c => plan.ChangedPartitionsOf(c.Id)).ToHashSet(StringComparer.Ordinal);
        var values = datasets.ToDictionary(c => $"lake:{c.Id}", c => LakeRelations.RelationForFiles(c,
            plan.CurrentFiles.Where(f => f.Dataset == c.Id && partitions.Contains(f.Partition)).Select(f => Path.Combine(lakeRoot, f.Path)).ToList()));

        string key = model.UniqueKey!;
        string previous = $"{PreviousCatalog}.{model.PreviousRelation}";
        string changes = model.Relation + "__changes";
        connection.Execute($"create or replace table {changes} as\n{new ModelTemplate(values).Expand(raw, model.DisplayPath)}");
        var replaced = plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).ToList();
        // The key may be several columns (unique_key: [agent_id, changed_at]).
        string SameKey(string a, string b) => string.Join(" and ", key.Split(',', StringSplitOptions.TrimEntries).Select(k => $"{a}.{k} = {b}.{k}"));
        string sameKey = SameKey("staged", "kept");
        long lost = replaced.Count == 0 ? 0 : connection.Scalar<long>($"""
            select count(*) from {previous} as kept
            anti join {changes} as staged on {sameKey}
            where kept.extract_id in ({string.Join(", ", replaced)})
            """);
        if (lost > 0)
        {
            connection.Execute($"drop table {changes}");
            connection.Execute($"create or replace table {model.Relation} as\n{model.Sql}");
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"{model.Relation}: staged from the whole lake, as {lost} row(s) of replaced extracts are in no changed partition now ({clock.Elapsed.TotalSeconds:0.0} s)"));
            return;
        }

        long changed = connection.Scalar<long>($"select count(*) from {changes}");
        var columns = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"select * from {changes} limit 0";
            using var reader = command.ExecuteReader();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }
        }

        // A view, not a copy: the models and tests that read staging read a few columns, or (through the incremental
        // scope) a few dates, of the previous table, which DuckDB then reads alone instead of copying every column of
        // every row. With KeepViews (the working tables go into the published file) the rows are copied instead, as
        // the file must not hold a view of the previous mart.
        // A key keeps the row the whole lake would give it: the latest extract's (then the last row), which is not
        // always the changed partition's: a corrected earlier day (extract ids start with the extract date) loses to a
        // later day's extract holding the same key (a case closed later, delivered again on the day it closed).
        // A staged row loses to a newer kept one; a kept row to a staged one at least as new (the same row, when a
        // changed partition still holds the extract it came from).
        // Only kept rows at least as new as the oldest staged one can win over a staged row: that bound, a constant,
        // lets DuckDB skip every Parquet file of the previous build holding older extracts only (all of them, for a new
        // day's delivery), where the comparison itself would read the key of every row of the history.
        // The kept rows are those of keys not staged (an anti join on the key alone: a hash of the few staged keys,
        // through which DuckDB still pushes a reader's filter into the previous rows, to their Parquet files) and those
        // newer than the staged row of their key (of the bounded previous rows again).
        string oldest = SqlText.Literal(connection.Scalar<string>($"select coalesce(min(extract_id), '') from {changes}"));
        string recent = $"(select * from {previous} where extract_id >= {oldest})";
        string staged = $"""
            select * from {changes} as row
            where not exists (
                select 1 from {recent} as other
                where {SameKey("other", "row")}
                    and (other.extract_id > row.extract_id or (other.extract_id = row.extract_id and other.source_row_number > row.source_row_number)))
            """;
        string projected = string.Join(", ", columns.Select(c => "row." + c));
        string kept = $"""
            select {projected} from {previous} as row
            anti join {changes} as other on {SameKey("other", "row")}
            union all
            select {projected} from {recent} as row
            semi join {changes} as other on {SameKey("other", "row")}
                and (row.extract_id > other.extract_id or (row.extract_id = other.extract_id and row.source_row_number > other.source_row_number))
            """;
        connection.Execute(materializeStaging
            ? $"create or replace table {model.Relation} as {staged} union all by name (select * from ({kept}))"
            : $"create or replace view {model.Relation} as {staged} union all by name (select * from ({kept}))");
        StagedFromChanges.Add(model.Relation);
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"{model.Relation}: {changed:N0} row(s) staged from {partitions.Count} changed lake partition(s), the others from the previous mart ({clock.Elapsed.TotalSeconds:0.0} s)"));
    }

    /// <summary>The scope compares this build's version of <paramref name="relation"/> with the previous one: it must be built already.</summary>
    private void RequireBuilt(string relation)
    {
        if (models.Any(m => string.Equals(m.Relation, relation, StringComparison.OrdinalIgnoreCase)) && !_built.Contains(relation))
        {
            throw new MartDefinitionException(
                $"The incremental build scope needs {relation} built first, but a model it depends on reads the scope; make {relation} independent of it or build with --full.");
        }
    }

    private void EnsureDates()
    {
        if (_dates)
        {
            return;
        }

        _dates = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RequireBuilt("marts.dim_agent");
        RequireBuilt("staging.stg_telephony__contacts");
        connection.Execute($"create or replace table {IncrementalScope.Schema}.changed_dates (date_day date)");
        connection.Execute($"create or replace table {IncrementalScope.RowDates} (date_day date)");
        connection.Execute("create or replace temp table affected_ids (contact_id varchar)");
        connection.Execute("create or replace temp table row_ids (contact_id varchar)");
        connection.Execute("create or replace temp table changed_previous (contact_id varchar, contact_date date, customer_id varchar)");
        const string previousContacts = $"{PreviousCatalog}.marts.fct_contact";

        // Contacts in changed telephony partitions: the rows now there, the rows of the extracts they replace, and
        // earlier rows of the same contacts (a contact keeps its latest row, whichever partition it is in).
        IReadOnlyList<string> telephony = plan.ChangedPartitionsOf("telephony/contacts");
        if (telephony.Count > 0)
        {
            var partitions = telephony.ToHashSet(StringComparer.Ordinal);
            var newFiles = plan.CurrentFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(Path.Combine(lakeRoot, f.Path))).ToList();
            var oldIds = plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).ToList();
            connection.Execute(newFiles.Count == 0
                ? $"create or replace temp table changed_contacts (contact_id varchar, contact_date date)"
                : $"create or replace temp table changed_contacts as select distinct cast(contact_id as varchar) as contact_id, cast(contact_date as date) as contact_date from read_parquet([{string.Join(", ", newFiles)}], union_by_name = true)");
            string replaced = OfExtracts(oldIds);
            connection.Execute($"""
                create or replace temp table changed_contact_ids as
                select contact_id from changed_contacts
                union
                select contact_id from {previousContacts} where {replaced}
                """);

            // Their rows before (previous mart, one pass over its contact ids) and their dates now (staging, which holds
            // each contact's latest row: of a changed contact, the row of a changed partition when it has one).
            connection.Execute($"""
                insert into changed_previous
                select contact_id, contact_date, customer_id from {previousContacts} where contact_id in (select contact_id from changed_contact_ids)
                """);
            string staged = StagedChanges("staging.stg_telephony__contacts");
            connection.Execute($"""
                insert into {IncrementalScope.Schema}.changed_dates
                select contact_date from changed_contacts
                union
                select contact_date from changed_previous
                union
                select contact_date from {staged} where contact_id in (select contact_id from changed_contact_ids)
                """);
            connection.Execute($"insert into {IncrementalScope.RowDates} select date_day from {IncrementalScope.Schema}.changed_dates");
            connection.Execute("insert into affected_ids select contact_id from changed_contact_ids");
            connection.Execute("insert into row_ids select contact_id from changed_contact_ids");
        }

        // Contacts whose case flags (their FCR alone) or sales (their row) changed.
        if (plan.ChangedPartitionsOf("crm/cases").Count > 0)
        {
            ContactsWithChanged("staging.stg_crm__cases", $"{PreviousCatalog}.marts.fct_case", "contact_id, is_resolved_first_contact", rowsChange: false);
        }

        if (plan.ChangedPartitionsOf("crm/sales").Count > 0)
        {
            ContactsWithChanged("staging.stg_crm__sales", $"{PreviousCatalog}.marts.fct_sale", "contact_id, amount", rowsChange: true);
        }

        // Contacts whose agent's team or site on the day is not what the previous build gave them: the days (of the
        // previous build's contact dates, stored) on which a changed agent's version now says another team or site than
        // it did, then the contacts of those agents on those days alone, the days written out so DuckDB reads only
        // their files of the previous build's contacts.
        string previousContactDays = StoredOrComputedContactDays(previousContacts);
        connection.Execute($"""
            create or replace temp table agent_moved_days as
            with changed_agents as (
                select distinct agent_id from (
                    (select agent_id, team_id, site_id, valid_from, valid_to from marts.dim_agent
                     except select agent_id, team_id, site_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent)
                    union all
                    (select agent_id, team_id, site_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent
                     except select agent_id, team_id, site_id, valid_from, valid_to from marts.dim_agent)
                )
            ),
            agent_days as (
                select changed_agents.agent_id, days.contact_date as date_day
                from changed_agents cross join ({previousContactDays}) as days
            ),
            now_on_day as (
                select agent_days.agent_id, agent_days.date_day, agents.team_id, agents.site_id
                from agent_days left join marts.dim_agent as agents
                    on agents.agent_id = agent_days.agent_id
                    and agent_days.date_day between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
            ),
            then_on_day as (
                select agent_days.agent_id, agent_days.date_day, agents.team_id, agents.site_id
                from agent_days left join {PreviousCatalog}.marts.dim_agent as agents
                    on agents.agent_id = agent_days.agent_id
                    and agent_days.date_day between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
            )
            select agent_id, date_day from now_on_day
            except
            select agent_id, date_day from (select * from now_on_day intersect select * from then_on_day)
            """);
        var movedDays = Dates("select distinct date_day from agent_moved_days");
        connection.Execute($"""
            create or replace temp table agent_moved as
            select contact_id, contact_date from {previousContacts}
            where contact_date in ({DateList(movedDays)})
                and (agent_id, contact_date) in (select agent_id, date_day from agent_moved_days)
            """);
        connection.Execute($"insert into {IncrementalScope.Schema}.changed_dates select distinct contact_date from agent_moved");
        connection.Execute($"insert into {IncrementalScope.RowDates} select distinct contact_date from agent_moved");
        connection.Execute("insert into affected_ids select contact_id from agent_moved");
        connection.Execute("insert into row_ids select contact_id from agent_moved");
        connection.Execute($"delete from {IncrementalScope.Schema}.changed_dates where date_day is null");

        // The contacts whose own row changed, and their dates: what fct_contact replaces (not widened by the FCR window).
        connection.Execute($"create or replace table {IncrementalScope.RowDates} as select distinct date_day from {IncrementalScope.RowDates} where date_day is not null order by date_day");
        connection.Execute($"create or replace table {IncrementalScope.RowContacts} as select distinct contact_id from row_ids where contact_id is not null");
        _rowDates = Dates($"select date_day from {IncrementalScope.RowDates} order by date_day");

        // The end of the data decides which contacts' FCR windows are observed: the new end is the latest contact
        // outside the changed dates (unchanged) or inside them (read again).
        long changedCount = connection.Scalar<long>($"select count(*) from {IncrementalScope.Schema}.changed_dates");
        // The previous build's latest contact per date is stored (ContactDays): reading it is a few rows, where a
        // max over the contacts reads every one of the history.
        connection.Execute($"set variable contacts_previous_data_end = (select max(last_offered_at) from ({previousContactDays}))");
        connection.Execute(changedCount == 0
            ? "set variable contacts_data_end = getvariable('contacts_previous_data_end')"
            : $"""
              set variable contacts_data_end = (select max(last_offered_at) from (
                  select max(last_offered_at) as last_offered_at from ({previousContactDays})
                  where contact_date not in (select date_day from {IncrementalScope.Schema}.changed_dates)
                  union all
                  select max(offered_at) from staging.stg_telephony__contacts
                  where contact_date in (select date_day from {IncrementalScope.Schema}.changed_dates)
              ))
              """);

        // A change on day d can settle, as repeat contact, the FCR of contacts up to the window (+1 day, as windows are
        // timestamps) before it. A moved end of data changes which contacts have their whole window observed: those
        // offered between the earlier end minus the window and the later end minus the window.
        string window = (fcrWindowDays + 1).ToString(CultureInfo.InvariantCulture);
        string days = fcrWindowDays.ToString(CultureInfo.InvariantCulture);
        connection.Execute($"""
            create or replace table {IncrementalScope.Dates} as
            with ends as (
                select
                    cast(least(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({days}) as date) as first_day,
                    cast(greatest(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({days}) as date) as last_day,
                    getvariable('contacts_previous_data_end') is distinct from getvariable('contacts_data_end') as has_moved,
            ),
            widened as (
                select cast(unnest(generate_series(date_day - {window}, date_day, interval 1 day)) as date) as date_day
                from {IncrementalScope.Schema}.changed_dates
                union all
                select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date)
                from ends
                where has_moved and first_day is not null
            )
            select distinct date_day from widened order by date_day
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.LookaheadDates} as
            select distinct cast(unnest(generate_series(date_day, date_day + {window}, interval 1 day)) as date) as date_day
            from {IncrementalScope.Dates}
            """);

        var dates = Dates($"select date_day from {IncrementalScope.Dates} order by date_day");
        AffectedDates = dates;
        _lookahead = Dates($"select date_day from {IncrementalScope.LookaheadDates} order by date_day");

        EnsureContacts(days, dates);
        AffectedContacts = connection.Scalar<long>($"select count(*) from {IncrementalScope.Contacts}");
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"build scope: {AffectedContacts:N0} contact(s) on {AffectedDates.Count} date(s) in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>
    /// The workforce dates: the dates of changed contacts (queue intervals count contacts and spread agents by their
    /// handle time that day), and the dates a change of the agent states, the schedule or an agent's team reaches. An agent state
    /// changed (new, corrected or gone) at t changes the span before it (which started at most 12 hours earlier) and
    /// its own (at most 12 hours long): the intervals from t - 12 h to t + 12 h, on the UTC dates of their starts, the
    /// day before t's to the day after (a local interval of a time zone off the hour starts up to an hour before), and
    /// the adherence of the schedule days whose activities (each shorter than a day) overlap them, from two days
    /// before t's. A schedule activity changed (before and after) changes its day's adherence and the intervals it
    /// overlaps, from the day before its start to its end. A team move changes the adherence days whose team is not
    /// the one the previous build gave them.
    /// </summary>
    private void EnsureWorkforceDates()
    {
        if (_workforce)
        {
            return;
        }

        _workforce = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string changed = IncrementalScope.Schema + ".workforce_changed_dates";
        connection.Execute($"create or replace table {changed} (date_day date)");
        EnsureTelephonyDates();
        connection.Execute($"insert into {changed} select date_day from {IncrementalScope.TelephonyDates}");

        // Agent states and schedule activities in changed lake partitions: the rows now there and the rows of the
        // extracts they replace, as the previous build kept them (a row keeps its key, so a moved or dropped one is
        // among the replaced).
        string? states = ChangedRows("telephony/agent_states", "marts.fct_agent_state",
            "cast(changed_at as timestamptz) as starts_at, cast(changed_at as timestamptz) as ends_at", "changed_at as starts_at, changed_at as ends_at");
        if (states is not null)
        {
            connection.Execute($"""
                insert into {changed}
                select distinct cast(unnest(generate_series(cast(starts_at as date) - 2, cast(starts_at as date) + 1, interval 1 day)) as date)
                from ({states})
                """);
        }

        string? activities = ChangedRows("hr/schedule", "marts.fct_schedule_activity",
            "cast(starts_at as timestamptz) as starts_at, cast(ends_at as timestamptz) as ends_at", "starts_at, ends_at");
        if (activities is not null)
        {
            connection.Execute($"""
                insert into {changed}
                select distinct cast(unnest(generate_series(cast(starts_at as date) - 1, greatest(cast(ends_at as date), cast(starts_at as date)), interval 1 day)) as date)
                from ({activities})
                """);
        }

        // Adherence days whose agent's team on the day is not the one the previous build gave them.
        connection.Execute($"""
            insert into {changed}
            select distinct adherence.schedule_date
            from {PreviousCatalog}.marts.fct_agent_adherence_day as adherence
            left join marts.dim_agent as agents
                on agents.agent_id = adherence.agent_id
                and adherence.schedule_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
            where adherence.agent_id in (select agent_id from (
                    (select agent_id, team_id, valid_from, valid_to from marts.dim_agent
                     except select agent_id, team_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent)
                    union all
                    (select agent_id, team_id, valid_from, valid_to from {PreviousCatalog}.marts.dim_agent
                     except select agent_id, team_id, valid_from, valid_to from marts.dim_agent)))
                and adherence.team_id is distinct from agents.team_id
            """);

        connection.Execute($"create or replace table {IncrementalScope.WorkforceDates} as select distinct date_day from {changed} where date_day is not null order by date_day");
        connection.Execute($"""
            create or replace table {IncrementalScope.WorkforceSpanDates} as
            select distinct cast(unnest(generate_series(date_day - 1, date_day + 1, interval 1 day)) as date) as date_day from {IncrementalScope.WorkforceDates}
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.WorkforceReachDates} as
            select distinct cast(unnest(generate_series(date_day - 1, date_day + 2, interval 1 day)) as date) as date_day from {IncrementalScope.WorkforceDates}
            """);
        foreach (string relation in new[] { IncrementalScope.WorkforceDates, IncrementalScope.WorkforceSpanDates, IncrementalScope.WorkforceReachDates })
        {
            connection.Execute($"set variable {IncrementalScope.FirstDayVariable(relation)} = (select coalesce(min(date_day), date '9999-12-31') from {relation})");
            connection.Execute($"set variable {IncrementalScope.LastDayVariable(relation)} = (select coalesce(max(date_day), date '0001-01-01') from {relation})");
        }

        long days = connection.Scalar<long>($"select count(*) from {IncrementalScope.WorkforceDates}");
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"build scope: {days} workforce date(s) in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>The dates of the contacts in changed telephony partitions (<see cref="IncrementalScope.TelephonyDates"/>).</summary>
    private void EnsureTelephonyDates()
    {
        if (_telephony)
        {
            return;
        }

        _telephony = true;
        const string changed = IncrementalScope.Schema + ".telephony_changed_dates";
        connection.Execute($"create or replace table {changed} (date_day date)");
        InsertChangedContactDates(changed);
        connection.Execute($"create or replace table {IncrementalScope.TelephonyDates} as select distinct date_day from {changed} where date_day is not null order by date_day");
        _telephonyDates = Dates($"select date_day from {IncrementalScope.TelephonyDates} order by date_day");
    }

    /// <summary>
    /// The dates of the contacts whose rows changed (not widened by the FCR window: the queue intervals read no FCR,
    /// team or site): of the contacts in changed telephony partitions, now and in the extracts they replace, their
    /// dates before (previous mart) and now (staging, a contact's latest row).
    /// </summary>
    private void InsertChangedContactDates(string table)
    {
        RequireBuilt("staging.stg_telephony__contacts");
        string? rows = ChangedRows("telephony/contacts", "marts.fct_contact", "cast(contact_id as varchar) as contact_id, cast(contact_date as date) as contact_date", "contact_id, contact_date");
        if (rows is null)
        {
            return;
        }

        connection.Execute($"create or replace temp table workforce_changed_contacts as {rows}");
        connection.Execute($"""
            insert into {table}
            select contact_date from workforce_changed_contacts
            union
            select contact_date from {PreviousCatalog}.marts.fct_contact where contact_id in (select contact_id from workforce_changed_contacts)
            union
            select contact_date from staging.stg_telephony__contacts where contact_id in (select contact_id from workforce_changed_contacts)
            """);
    }

    /// <summary>The rows (<paramref name="now"/> of the lake files, <paramref name="then"/> of the previous build's
    /// <paramref name="previousRelation"/>) of a dataset's changed partitions and of the extracts they replace; null
    /// when no partition of the dataset changed.</summary>
    private string? ChangedRows(string dataset, string previousRelation, string now, string then)
    {
        var partitions = plan.ChangedPartitionsOf(dataset).ToHashSet(StringComparer.Ordinal);
        var newFiles = plan.CurrentFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(Path.Combine(lakeRoot, f.Path))).ToList();
        var oldIds = plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).ToList();
        var parts = new List<string>();
        if (newFiles.Count > 0)
        {
            parts.Add($"select {now} from read_parquet([{string.Join(", ", newFiles)}], union_by_name = true)");
        }

        if (oldIds.Count > 0)
        {
            parts.Add($"select {then} from {PreviousCatalog}.{previousRelation} where extract_id in ({string.Join(", ", oldIds)})");
        }

        return parts.Count == 0 ? null : string.Join("\nunion all\n", parts);
    }

    /// <summary>Contacts whose <paramref name="columns"/> (contact id first) in an incremental staging model differ from
    /// the previous build's fact: when it was staged from the changes, only rows of the keys staged or replaced can
    /// differ, so only those are compared; their contacts' dates are then read from the previous build's contacts.</summary>
    private void ContactsWithChanged(string current, string previous, string columns, bool rowsChange)
    {
        SqlModel? staging = models.FirstOrDefault(m => string.Equals(m.Relation, current, StringComparison.OrdinalIgnoreCase));
        string within = "contact_id is not null";
        if (staging is { UniqueKey: { } key } && StagedFromChanges.Contains(staging.Relation))
        {
            var replaced = ReplacedExtracts(staging);
            within += $"""
                 and ({key}) in (
                    select {key} from {staging.Relation}__changes
                    union all
                    select {key} from {previous} where {OfExtracts(replaced)})
                """;
        }

        connection.Execute($"""
            create or replace temp table flag_changed as
            with now_rows as (select {columns} from {current} where {within}),
            then_rows as (select {columns} from {previous} where {within}),
            changed as (
                (select * from now_rows except all select * from then_rows)
                union all
                (select * from then_rows except all select * from now_rows)
            )
            select contact_id, contact_date from {PreviousCatalog}.marts.fct_contact
            where contact_id in (select contact_id from changed)
            """);
        connection.Execute($"insert into {IncrementalScope.Schema}.changed_dates select distinct contact_date from flag_changed");
        connection.Execute("insert into affected_ids select contact_id from flag_changed");
        if (rowsChange)
        {
            connection.Execute($"insert into {IncrementalScope.RowDates} select distinct contact_date from flag_changed");
            connection.Execute("insert into row_ids select contact_id from flag_changed");
        }
    }

    /// <summary>The previous build's contact dates with their latest contact (<c>contact_date, last_offered_at</c>):
    /// stored (<see cref="ContactDays"/>), or from its contacts when it has none stored.</summary>
    private string StoredOrComputedContactDays(string previousContacts) =>
        connection.Scalar<long>($"select count(*) from duckdb_tables() where database_name = '{PreviousCatalog}' and schema_name = '{MetaSchema}' and table_name = 'contact_days'") > 0
            ? $"select contact_date, last_offered_at from {PreviousCatalog}.{ContactDays}"
            : $"select contact_date, max(offered_at) as last_offered_at from {previousContacts} group by all";

    private List<DateOnly> Dates(string query)
    {
        var dates = new List<DateOnly>();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.IsDBNull(0))
            {
                dates.Add(DateOnly.FromDateTime(reader.GetDateTime(0)));
            }
        }

        return dates;
    }

    /// <summary>The rows an incremental staging model staged from the changed lake partitions (its <c>__changes</c>
    /// table), or the model itself when it was staged from the whole lake.</summary>
    private string StagedChanges(string relation) =>
        connection.Scalar<long>($"select count(*) from duckdb_tables() where schema_name = '{relation.Split('.')[0]}' and table_name = '{relation.Split('.')[1]}__changes'") > 0
            ? relation + "__changes"
            : relation;

    /// <summary>
    /// The contacts whose row may change (<see cref="IncrementalScope.Contacts"/>), within the scope dates: those already
    /// found (changed partitions, case flags, sales, agent moves), every contact of the customers (before and after) of
    /// a contact in a changed partition (a repeat settles, or unsettles, their FCR), and the contacts whose FCR window
    /// the moved end of the data now covers; and the customers of them all (<see cref="IncrementalScope.Customers"/>),
    /// whose later contacts the FCR lookup reads. The other contacts of the scope dates keep the previous build's rows.
    /// </summary>
    private void EnsureContacts(string window, IReadOnlyList<DateOnly> dates)
    {
        // The contacts of the scope dates, read once (the dates as literals: DuckDB prunes the previous build's Parquet
        // by them, through the staging view); the statements below each read them again.
        connection.Execute($"""
            create or replace temp table scope_date_contacts as
            select contact_id, customer_id, offered_at from staging.stg_telephony__contacts where contact_date in ({DateList(dates)})
            """);
        const string staging = "scope_date_contacts";
        connection.Execute($"""
            create or replace table {IncrementalScope.Customers} as
            select customer_id from {staging} where contact_id in (select contact_id from changed_previous union all select contact_id from affected_ids)
            union
            select customer_id from changed_previous
            """);
        connection.Execute($"delete from {IncrementalScope.Customers} where customer_id is null");
        connection.Execute($"insert into affected_ids select contact_id from {staging} where customer_id in (select customer_id from {IncrementalScope.Customers})");
        connection.Execute($"""
            insert into affected_ids
            select contact_id from {staging}
            where getvariable('contacts_previous_data_end') is distinct from getvariable('contacts_data_end')
                and offered_at > least(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({window})
                and offered_at <= greatest(getvariable('contacts_previous_data_end'), getvariable('contacts_data_end')) - to_days({window})
            """);
        connection.Execute($"""
            insert into {IncrementalScope.Customers}
            select distinct customer_id from {staging}
            where customer_id is not null and contact_id in (select contact_id from affected_ids)
                and customer_id not in (select customer_id from {IncrementalScope.Customers})
            """);
        connection.Execute($"create or replace table {IncrementalScope.Contacts} as select distinct contact_id from affected_ids where contact_id is not null");
    }

    private void EnsurePeriods()
    {
        if (_periods)
        {
            return;
        }

        _periods = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // The days each KPI source changed on: an incremental source partitioned by its date column changed on the
        // contact dates in scope; any other source (small, rebuilt whole) on the dates of rows that differ from the
        // previous build's.
        connection.Execute($"create or replace table {IncrementalScope.Schema}.kpi_dates (source varchar, date_day date)");
        var byRelation = models.ToDictionary(m => m.Relation, StringComparer.OrdinalIgnoreCase);
        foreach (KpiSource source in registry.Sources)
        {
            if (byRelation.TryGetValue(source.Relation, out SqlModel? own) && own.Scope == IncrementalScope.ChangedRows)
            {
                // A fact with partitions of its own changed only in them: the source's dates of the rows deleted there
                // and of the rows inserted again (its partition column, or another date such as a case's closing day).
                RequireBuilt(source.Relation);
                string partitions = IncrementalScope.PartitionsOf(own);
                string column = own.PartitionBy[0];
                connection.Execute($"""
                    insert into {IncrementalScope.Schema}.kpi_dates
                    select {SqlText.Literal(source.Name)}, {source.DateColumn} from {PreviousCatalog}.{source.Relation} where {column} in (select {column} from {partitions})
                    union
                    select {SqlText.Literal(source.Name)}, {source.DateColumn} from {source.Relation} where {column} in (select {column} from {partitions})
                    """);
                continue;
            }

            if (byRelation.TryGetValue(source.Relation, out SqlModel? model) && model.IsIncremental && model.Scope is null
                && model.PartitionBy.Count == 1 && model.PartitionBy[0] == source.DateColumn)
            {
                if (model.DateScope == IncrementalScope.WorkforceScope)
                {
                    EnsureWorkforceDates();
                }

                connection.Execute($"insert into {IncrementalScope.Schema}.kpi_dates select {SqlText.Literal(source.Name)}, date_day from {IncrementalScope.DatesOf(model)}");
                continue;
            }

            RequireBuilt(source.Relation);

            // The dates whose rows differ, by a fingerprint of each date's rows (count and sum of row hashes, doubles
            // rounded: RowHash) in the previous and the new table: one pass over each, where comparing the rows
            // themselves builds hash tables of both. A row that changed counts on its date before and on its date now.
            string date = source.DateColumn;
            // Columns the registry says a change of which alone reopens no period (scope_ignores) are left out of it.
            string rowHash = RowHash.Of(connection, source.Relation, source.ScopeIgnores);
            connection.Execute($"""
                insert into {IncrementalScope.Schema}.kpi_dates
                with previous_days as (
                    select {date} as date_day, count(*) as row_count, sum({rowHash}::hugeint) as row_hash
                    from {PreviousCatalog}.{source.Relation} as t group by all
                ),
                current_days as (
                    select {date} as date_day, count(*) as row_count, sum({rowHash}::hugeint) as row_hash
                    from {source.Relation} as t group by all
                )
                select {SqlText.Literal(source.Name)}, date_day
                from previous_days full outer join current_days using (date_day)
                where date_day is not null
                    and (previous_days.row_count is distinct from current_days.row_count
                        or previous_days.row_hash is distinct from current_days.row_hash)
                """);
        }

        // Per source, the day, ISO week and month of each of those days; a KPI is recomputed for its source's periods
        // only, so a change in a small source (an agent leaving touches every day of their agent days) does not make
        // the contact KPIs of every period be recomputed.
        connection.Execute($"""
            create or replace table {IncrementalScope.SourcePeriods} as
            with days as (select distinct source, date_day from {IncrementalScope.Schema}.kpi_dates)
            select distinct * from (
                select source, 'day' as period_grain, date_day as period_start, date_day as period_end from days
                union all
                select source, 'week', cast(date_trunc('week', date_day) as date), cast(date_trunc('week', date_day) + interval 6 day as date) from days
                union all
                select source, 'month', cast(date_trunc('month', date_day) as date), last_day(date_day) from days
            )
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.SourcePeriodDays} as
            select distinct source, cast(unnest(generate_series(period_start, period_end, interval 1 day)) as date) as date_day
            from {IncrementalScope.SourcePeriods}
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.KpiPeriods} as
            select kpis.kpi_id, periods.period_grain, periods.period_start
            from (values {string.Join(", ", registry.Kpis.Select(k => $"({SqlText.Literal(k.Id)}, {SqlText.Literal(k.Source)})"))}) as kpis (kpi_id, source)
            inner join {IncrementalScope.SourcePeriods} as periods on periods.source = kpis.source
            """);
        connection.Execute($"create or replace table {IncrementalScope.Periods} as select distinct period_grain, period_start, period_end from {IncrementalScope.SourcePeriods}");
        AffectedPeriods = connection.Scalar<long>($"select count(*) from {IncrementalScope.Periods}");
        AffectedKpiPeriods = connection.Scalar<long>($"select count(*) from {IncrementalScope.KpiPeriods}");
        var daysBySource = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"select source, count(distinct date_day) from {IncrementalScope.Schema}.kpi_dates where date_day is not null group by source order by source";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                daysBySource.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1)}"));
            }
        }

        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"build scope: {AffectedPeriods} KPI period(s), {AffectedKpiPeriods} KPI value(s) by period in {clock.Elapsed.TotalSeconds:0.0} s; changed days by source: {(daysBySource.Count == 0 ? "none" : string.Join(", ", daysBySource))}"));
    }

    /// <summary>After the stored KPI day terms are refreshed: the KPI values by period left to recompute, those in which
    /// one of the KPI's own day terms changed (<see cref="KpiDayTerms.NarrowKpiPeriods"/>).</summary>
    internal void KpiPeriodsNarrowed(long kpiPeriods) => AffectedKpiPeriods = kpiPeriods;

    /// <summary>
    /// The partitions of a fact scoped by <see cref="IncrementalScope.ChangedRows"/>: the dates (its partition column),
    /// before and after, of the rows whose key was staged from a changed lake partition (a case re-delivered with
    /// another opening day moves between two), of the rows whose contact's queue, agent, team or channel changed in
    /// <c>fct_contact</c>, when the fact reads it, and of the rows of agents whose history changed in <c>dim_agent</c>,
    /// when it reads that. A key staged from the whole lake (a correction dropped a row) makes every date change.
    /// </summary>
    private void EnsureChangedRows(SqlModel model)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var staging = models.Where(m => m.IsIncrementalStaging && model.References.Contains(m.Relation, StringComparer.OrdinalIgnoreCase)).ToList();
        if (staging.Count != 1)
        {
            throw new MartDefinitionException(
                $"{model.DisplayPath}: scope {IncrementalScope.ChangedRows} is for a model reading one incremental staging model (unique_key and previous), not {staging.Count}.");
        }

        SqlModel staged = staging[0];
        string key = staged.UniqueKey!;
        string column = model.PartitionBy[0];
        string partitions = IncrementalScope.PartitionsOf(model);
        string previous = $"{PreviousCatalog}.{model.Relation}";
        var changed = new List<string>();
        if (StagedFromChanges.Contains(staged.Relation))
        {
            string changes = staged.Relation + "__changes";
            changed.Add($"select {column} from {previous} where {key} in (select {key} from {changes})");
            changed.Add($"select {column} from {changes}");
        }
        else
        {
            changed.Add($"select {column} from {previous}");
            changed.Add($"select {column} from {staged.Relation}");
        }

        if (model.References.Contains($"{ModelCatalog.MartsSchema}.fct_contact", StringComparer.OrdinalIgnoreCase))
        {
            EnsureChangedContacts();
            changed.Add($"select {column} from {previous} where contact_id in (select contact_id from {IncrementalScope.Schema}.changed_contacts)");
        }

        if (model.References.Contains($"{ModelCatalog.MartsSchema}.dim_agent", StringComparer.OrdinalIgnoreCase))
        {
            EnsureChangedAgents();
            changed.Add($"select {column} from {previous} where agent_id in (select agent_id from {IncrementalScope.Schema}.changed_agents)");
        }

        connection.Execute($"""
            create or replace table {partitions} as
            select distinct {column} from ({string.Join("\nunion all\n", changed)})
            where {column} is not null
            """);
        long count = connection.Scalar<long>($"select count(*) from {partitions}");
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"build scope: {model.Relation} {count} {column}(s) in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>
    /// Contacts whose queue, agent, team or channel (what the CRM facts take from <c>fct_contact</c>) differ from the
    /// previous build's, or that appeared or went. Only a contact staged from a changed partition, kept from an extract
    /// a changed partition replaced, or handled by an agent whose history changed can: those are compared when the
    /// contacts were staged from the changes, otherwise every contact of the dates <c>fct_contact</c> was recomputed on.
    /// </summary>
    private void EnsureChangedContacts()
    {
        if (connection.Scalar<long>($"select count(*) from duckdb_tables() where schema_name = '{IncrementalScope.Schema}' and table_name = 'changed_contacts'") > 0)
        {
            return;
        }

        const string contacts = $"{ModelCatalog.MartsSchema}.fct_contact";
        RequireBuilt(contacts);
        SqlModel? model = models.FirstOrDefault(m => string.Equals(m.Relation, contacts, StringComparison.OrdinalIgnoreCase));
        string within = model is { IsIncremental: true, PartitionBy.Count: 1 }
            ? $"where {model.PartitionBy[0]} in (select {model.PartitionBy[0]} from {IncrementalScope.RelationOf(model, model.PartitionBy[0])})"
            : "";
        SqlModel? staged = models.FirstOrDefault(m => m.IsIncrementalStaging && string.Equals(m.PreviousRelation, contacts, StringComparison.OrdinalIgnoreCase));
        if (staged is not null && StagedFromChanges.Contains(staged.Relation))
        {
            EnsureChangedAgents();
            var replaced = ReplacedExtracts(staged);
            within = $"""
                where contact_id in (
                    select contact_id from {staged.Relation}__changes
                    union all
                    select contact_id from {PreviousCatalog}.{contacts}
                    where {OfExtracts(replaced)}
                        or agent_id in (select agent_id from {IncrementalScope.Schema}.changed_agents)
                )
                """;
        }

        const string columns = "contact_id, queue_id, agent_id, team_id, channel";
        connection.Execute($"""
            create or replace table {IncrementalScope.Schema}.changed_contacts as
            with now_rows as (select {columns} from {contacts} {within}),
            then_rows as (select {columns} from {PreviousCatalog}.{contacts} {within}),
            changed as (
                (select * from now_rows except select * from then_rows)
                union all
                (select * from then_rows except select * from now_rows)
            )
            select distinct contact_id from changed
            """);
    }

    /// <summary>The predicate keeping rows of the extracts <paramref name="ids"/> (SQL literals): false when there are none.</summary>
    private static string OfExtracts(IReadOnlyList<string> ids) => ids.Count == 0 ? "false" : $"extract_id in ({string.Join(", ", ids)})";

    /// <summary>The extract ids (as SQL literals) of the previous build's files in the lake partitions of an incremental
    /// staging model's datasets that changed: the extracts this build's rows replace.</summary>
    private List<string> ReplacedExtracts(SqlModel staging)
    {
        var partitions = ExtractContracts.All.Where(c => staging.Text.Contains($"{{{{lake:{c.Id}}}}}", StringComparison.Ordinal))
            .SelectMany(c => plan.ChangedPartitionsOf(c.Id)).ToHashSet(StringComparer.Ordinal);
        return plan.PreviousFiles.Where(f => partitions.Contains(f.Partition)).Select(f => SqlText.Literal(f.ExtractId)).Distinct().ToList();
    }

    /// <summary>Agents whose team or site history in <c>dim_agent</c> differs from the previous build's.</summary>
    private void EnsureChangedAgents()
    {
        if (connection.Scalar<long>($"select count(*) from duckdb_tables() where schema_name = '{IncrementalScope.Schema}' and table_name = 'changed_agents'") > 0)
        {
            return;
        }

        const string agents = $"{ModelCatalog.MartsSchema}.dim_agent";
        RequireBuilt(agents);
        const string columns = "agent_id, team_id, site_id, valid_from, valid_to";
        connection.Execute($"""
            create or replace table {IncrementalScope.Schema}.changed_agents as
            select distinct agent_id from (
                (select {columns} from {agents} except select {columns} from {PreviousCatalog}.{agents})
                union all
                (select {columns} from {PreviousCatalog}.{agents} except select {columns} from {agents})
            )
            """);
    }

    /// <summary>
    /// The partitions of a model scoped by <see cref="IncrementalScope.KpiPeriodsAndNext"/> (the scorecard): each KPI's
    /// recomputed periods and the period after each (its change from the previous period reads a recomputed one), and
    /// what it reads (<see cref="IncrementalScope.KpiPeriodsAround"/>): those and the period before each.
    /// </summary>
    private void EnsureKpiPeriodsAndNext()
    {
        const string next = """
            case period_grain
                when 'day' then cast(period_start + interval 1 day as date)
                when 'week' then cast(period_start + interval 7 day as date)
                else cast(period_start + interval 1 month as date)
            end
            """;
        const string before = """
            case period_grain
                when 'day' then cast(period_start - interval 1 day as date)
                when 'week' then cast(period_start - interval 7 day as date)
                else cast(period_start - interval 1 month as date)
            end
            """;
        connection.Execute($"""
            create or replace table {IncrementalScope.KpiPeriodsAndNextRelation} as
            select distinct kpi_id, period_grain, period_start from (
                select kpi_id, period_grain, period_start from {IncrementalScope.KpiPeriods}
                union all
                select kpi_id, period_grain, {next} from {IncrementalScope.KpiPeriods}
            )
            """);
        connection.Execute($"""
            create or replace table {IncrementalScope.KpiPeriodsAround} as
            select distinct kpi_id, period_grain, period_start from (
                select kpi_id, period_grain, period_start from {IncrementalScope.KpiPeriodsAndNextRelation}
                union all
                select kpi_id, period_grain, {before} from {IncrementalScope.KpiPeriods}
            )
            """);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

}
