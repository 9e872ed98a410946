using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Workforce;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds the mart from a local lake: loads the KPI registry and targets into <c>seeds</c>, runs every SQL model
/// in dependency order, runs the data tests, then publishes <c>scorecard_mart.duckdb</c> and one Parquet file per
/// marts/scorecard table (<c>&lt;table&gt;/data.parquet</c>, or one per partition, see <see cref="MartParquetWriter"/>). The database is built beside the old one and moved
/// over it only when every model and data test passed, so a failed build leaves the previous mart intact.
/// <para>
/// Incremental: when the previous mart in the folder was built from the same definition (SQL, KPI registry, targets,
/// settings), the build starts from a copy of it and replaces only the partitions of incremental models that the
/// lake partitions changed since then affect (see <see cref="IncrementalPlanner"/>); otherwise, or with
/// <see cref="MartOptions.FullRebuild"/>, every table is built from the lake. The report says which and why.
/// </para>
/// <para>One build per mart folder at a time: the caller holds the store's build lock (<see cref="MartPublisher"/> does).</para>
/// </summary>
public static class MartBuilder
{
    /// <summary>
    /// The published database file. Its name is its catalog's name in every DuckDB client that opens it (CLI, ODBC, JDBC),
    /// so it must differ from the schemas inside: <c>scorecard.duckdb</c> made <c>scorecard.fct_scorecard</c> ambiguous.
    /// </summary>
    public const string DatabaseFileName = MartConnection.CatalogName + ".duckdb";

    /// <summary>The database file's name before it was renamed: a publish removes it, so nobody opens a stale mart.</summary>
    public const string LegacyDatabaseFileName = "scorecard.duckdb";

    /// <summary>The in-memory schema holding the rows a build computed for the tables that live in Parquet
    /// (<see cref="SqlModel.IsParquetResident"/>) until they are written.</summary>
    public const string ResidentSchema = "resident";

    /// <summary><see cref="ResidentSchema"/> with its catalog: the working tables' schema as statements name it.</summary>
    public const string ResidentTables = $"memory.{ResidentSchema}";

    /// <summary>
    /// A file in the mart folder (and a blob in the <c>mart</c> container) present while a build moves its Parquet into
    /// place and publishes its database: the split tables' files are then ahead of the database. A build that finds it
    /// (the previous one was killed or cut off in between) rebuilds in full rather than start from that mix.
    /// </summary>
    public const string PublishingMarker = ".publishing";

    /// <summary>The suffix of files being written in the mart folder (the database and each table's Parquet).</summary>
    public const string TemporarySuffix = ".building";

    /// <summary>Builds the mart; <paramref name="progress"/> hears each phase's time and its slowest steps.</summary>
    public static BuildReport Build(MartOptions options, IProgress<string>? progress = null)
    {
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        string sqlRoot = options.SqlDirectory ?? SqlDirectoryLocator.Find();
        KpiRegistry registry = KpiRegistry.Load(options.KpiRegistryPath ?? Path.Combine(sqlRoot, "kpis.yml"));

        Directory.CreateDirectory(options.MartDirectory);
        string databasePath = Path.Combine(options.MartDirectory, DatabaseFileName);
        string buildingPath = databasePath + TemporarySuffix;
        DeleteDatabase(buildingPath);
        DeleteLeftovers(options.MartDirectory);

        IReadOnlyDictionary<string, string> definition = IncrementalPlanner.DefinitionHashes(sqlRoot, registry, options);
        IncrementalPlan plan = IncrementalPlanner.Decide(options, databasePath, definition, LakeFile.Scan(options.LakeDirectory));
        ModelTemplate template = CreateTemplate(options.LakeDirectory, registry, plan.IsIncremental);
        IReadOnlyList<SqlModel> models = Discover(sqlRoot, template, registry);
        IReadOnlyList<DataTest> tests = DataTestCatalog.Discover(sqlRoot, template);

        BuildReport report;
        IReadOnlyList<string> deleted;
        string? spill = null;
        var meter = new PhaseMeter();
        try
        {
            if (plan.IsIncremental)
            {
                // Start from a copy of the previous mart; the previous file itself is read (as catalog "previous")
                // to tell what changed.
                File.Copy(databasePath, buildingPath);
                meter.Next("previous mart copied", storeBytesRead: new FileInfo(databasePath).Length);
            }

            MartParquetWriter writer;
            using (DuckDBConnection connection = MartConnection.Open(buildingPath))
            {
                spill = Configure(connection, options);
                // The split tables' views name their files relative to the mart folder (see MartConnection).
                connection.Execute($"set file_search_path = {SqlText.PathLiteral(Path.GetFullPath(options.MartDirectory))}");
                string scratch = UseScratchCatalog(connection, options.KeepViews);
                IncrementalPlanner? planner = null;
                if (plan.IsIncremental)
                {
                    connection.Execute($"attach {SqlText.PathLiteral(databasePath)} as {IncrementalPlanner.PreviousCatalog} (read_only)");
                    // No automatic checkpoints: past 16 MiB of changes DuckDB checkpointed within a statement (the day's
                    // int_contacts_measured, then fct_kpi: 0.3 s each, of a 30-day day's 6-7 s), where the build checkpoints
                    // its database once at the end anyway. The in-memory working tables then stay uncompressed: 70 MiB
                    // more at the day's peak, which a full build, nearer the instance's bound, does not spend.
                    connection.Execute("set checkpoint_threshold = '1GiB'");
                    planner = new IncrementalPlanner(connection, plan, options.LakeDirectory, registry, models, options.FcrWindowDays, progress, options.KeepViews);
                }

                SeedTables.Load(connection, registry, options.TargetsPath, options.Currency);
                // An incremental build's models, data tests and Parquet writes are many statements over a day's rows:
                // they run side by side on twins of the connection. A full build's are large and already use every
                // core: they run one at a time, on this connection.
                using ConnectionTwins twins = plan.IsIncremental ? ConnectionTwins.Open(connection, twin => StaffingFunctions.Register(twin, options)) : ConnectionTwins.None(connection);
                IReadOnlyList<ModelRunResult> runs = RunModels(connection, models, registry, planner, progress, twins);
                IncrementalPlanner.WriteContactDays(connection, planner is not null);
                var modelsDone = stopwatch.Elapsed;
                // The lake files the build read: of the changed partitions in an incremental build, all in a full one.
                var changedPartitions = plan.ChangedPartitions.ToHashSet(StringComparer.Ordinal);
                long lakeBytes = plan.CurrentFiles.Where(f => !plan.IsIncremental || changedPartitions.Contains(f.Partition)).Sum(f => f.Size);
                meter.Next("models", DuckDbMemoryMb(connection), storeBytesRead: lakeBytes);
                progress?.Report(Timing($"{runs.Count} models", modelsDone, runs.Select(r => (r.Relation, r.Duration))));
                // A full build's data tests run with three quarters of the limit: they group every contact of the
                // history (uniqueness, row conservation) while the in-memory tables of the split facts are held, and
                // the process then peaked 600 MiB above DuckDB's buffers (1,602 MiB at 90 days on a 2,048 MB instance;
                // 1,407 MiB with the lower limit). An incremental build's tests read the recomputed rows, and a lower
                // limit would only push those tables out to disk.
                int testLimit = plan.IsIncremental ? options.EffectiveMemoryLimitMb : options.EffectiveMemoryLimitMb * 3 / 4;
                SetMemoryLimit(connection, testLimit);
                twins.CopyVariables();
                IReadOnlyList<DataTestResult> results = RunDataTests(connection, plan, options.LakeDirectory, models, tests, planner, progress, twins);
                SetMemoryLimit(connection, options.EffectiveMemoryLimitMb);
                meter.Next("data tests", DuckDbMemoryMb(connection));
                progress?.Report(Timing($"{results.Count} data tests", stopwatch.Elapsed - modelsDone, results.Select(r => (r.Name, r.Duration))));
                report = new BuildReport(databasePath, runs, results, [], stopwatch.Elapsed)
                {
                    IsIncremental = plan.IsIncremental,
                    ModeReason = plan.Reason,
                    AffectedDates = planner?.AffectedDates ?? [],
                    AffectedContacts = planner?.AffectedContacts ?? 0,
                    AffectedPeriods = planner?.AffectedPeriods ?? 0,
                    AffectedKpiPeriods = planner?.AffectedKpiPeriods ?? 0,
                    StagedFromChanges = planner?.StagedFromChanges.Order(StringComparer.Ordinal).ToList() ?? [],
                    ModelsDuration = modelsDone,
                    DataTestsDuration = stopwatch.Elapsed - modelsDone,
                };
                if (!report.Succeeded && options.FailOnDataTestFailure)
                {
                    throw new DataTestsFailedException(report);
                }

                var exportStarted = stopwatch.Elapsed;
                var byRelation = models.ToDictionary(m => m.Relation, StringComparer.Ordinal);
                writer = new MartParquetWriter(connection, options.MartDirectory);
                List<SqlModel> published = PublishedTables(runs, byRelation);
                writer.Write(published, plan.IsIncremental, twins);
                twins.Dispose(); // before the database is detached (on a failure, at the end of the block)
                meter.Next("parquet", DuckDbMemoryMb(connection), storeBytesWritten: writer.BytesWritten);

                // Every file is complete before any is moved into place, so a crash leaves at most a moment's mix of
                // old and new partitions, each file whole. Renames over the old files: readers see old or new, never none.
                // Then the split tables' views read the files (they bind to them, so the files come first).
                File.WriteAllText(Path.Combine(options.MartDirectory, PublishingMarker), "a build is publishing: its Parquet may be ahead of scorecard_mart.duckdb\n");
                deleted = writer.Commit();
                foreach (SqlModel table in published.Where(t => t.IsParquetResident))
                {
                    connection.Execute(ModelRunner.ResidentViewSql(table));
                }

                KeepStaging(connection, models);
                if (plan.IsIncremental)
                {
                    connection.Execute($"detach {IncrementalPlanner.PreviousCatalog}");
                }

                connection.Execute($"drop schema if exists {scratch}.{IncrementalScope.Schema} cascade");
                connection.Execute($"drop schema if exists {ResidentTables} cascade");

                IncrementalPlanner.WriteMetadata(connection, definition, plan.CurrentFiles, plan.IsIncremental, report.Succeeded);
                connection.Execute($"checkpoint {MartConnection.CatalogName}");
                connection.Execute($"use memory; detach {MartConnection.CatalogName}");
                report = report with
                {
                    ExportedTables = writer.Written.Select(f => f.Split('/')[0]).Distinct().ToList(),
                    WrittenFiles = writer.Written,
                    PublishedFiles = writer.Current,
                    ExportDuration = stopwatch.Elapsed - exportStarted,
                };
                progress?.Report(string.Create(CultureInfo.InvariantCulture,
                    $"{writer.Written.Count} Parquet file(s) of {writer.Current.Count} written ({writer.BytesWritten / 1048576.0:0.0} MiB) in {report.ExportDuration.TotalSeconds:0.0} s"));
            }

            report = report with { DeletedFiles = deleted };

            FaultPoint.Reached(FaultPoint.MartBeforeDatabaseSwap);
            File.Delete(databasePath + ".wal");
            File.Move(buildingPath, databasePath, overwrite: true);
            File.Delete(Path.Combine(options.MartDirectory, PublishingMarker));
            meter.Next("database", storeBytesWritten: new FileInfo(databasePath).Length);
        }
        catch
        {
            DeleteDatabase(buildingPath);
            DeleteLeftovers(options.MartDirectory);
            throw;
        }
        finally
        {
            if (spill is not null && Directory.Exists(spill))
            {
                Directory.Delete(spill, recursive: true);
            }
        }

        return report with { Duration = stopwatch.Elapsed, Phases = meter.Phases };
    }

    /// <summary>
    /// Runs the data tests: in an incremental build each on the rows the build recomputed (<see cref="DataTestScope"/>),
    /// with row conservation kept from stored per-partition counts (<see cref="RowConservation"/>); in a full build every
    /// test on whole tables, row conservation counted from the whole lake. Either way row conservation replaces the
    /// singular tests marked as replaced by it.
    /// </summary>
    internal static IReadOnlyList<DataTestResult> RunDataTests(DuckDBConnection connection, IncrementalPlan plan, string lakeDirectory,
        IReadOnlyList<SqlModel> models, IReadOnlyList<DataTest> tests, IncrementalPlanner? planner, IProgress<string>? progress, ConnectionTwins twins)
    {
        DataTestScope scope = planner is null ? DataTestScope.Whole : DataTestScope.ForIncremental(connection, models, planner.StagedFromChanges);
        bool conserves = RowConservation.Applies(models);
        // Scoped first (on this connection: the scope asks it which parent keys went), then run, side by side with twins,
        // row conservation first (the longest: it reads the changed lake partitions), its result last.
        IReadOnlyList<DataTest> scoped = scope.Apply(tests.Where(t => !(conserves && t.ReplacedInBuilds)).ToList());
        bool fromStoredCounts = false;
        IReadOnlyList<DataTestResult> results = DataTestRunner.RunAll(scoped, twins, !conserves ? null : on =>
        {
            (DataTestResult? conservation, fromStoredCounts) = RowConservation.Check(on, plan, lakeDirectory, models, scope.IsScoped);
            return conservation;
        });
        progress?.Report($"data tests: {scope.Reason}; row conservation {(!conserves ? "not checked (no marts.fct_contact model)" : fromStoredCounts ? "from stored per-partition counts and the changed partitions" : "counted from the whole lake")}");
        return results;
    }

    /// <summary>
    /// Stores the rows of the staging models kept in the mart file (<see cref="SqlModel.IsKeptStaging"/>) for the next
    /// build, which then stages only the lake partitions changed since on top of them. In an incremental build the model
    /// is a view of the day's changes over the previous build's copy, read here before that database is detached.
    /// </summary>
    private static void KeepStaging(DuckDBConnection connection, IReadOnlyList<SqlModel> models)
    {
        var kept = models.Where(m => m.IsKeptStaging).ToList();
        if (kept.Count > 0)
        {
            connection.Execute($"create schema if not exists {MartConnection.CatalogName}.{ModelCatalog.KeptStagingSchema}");
        }

        foreach (SqlModel model in kept)
        {
            connection.Execute($"create or replace table {MartConnection.CatalogName}.{model.PreviousRelation} as select * from {model.Relation}");
        }
    }

    /// <summary>A phase's time and its three slowest steps: <c>29 models in 60.5 s (slowest: marts.fct_contact 20.1 s, ...)</c>.</summary>
    private static string Timing(string what, TimeSpan total, IEnumerable<(string Name, TimeSpan Duration)> steps) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} in {total.TotalSeconds:0.0} s (slowest: ")
        + string.Join(", ", steps.OrderByDescending(s => s.Duration).Take(3).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Duration.TotalSeconds:0.0} s")))
        + ")";

    /// <summary>
    /// Staging and intermediate tables and the incremental scope are working data of one build: they live in the
    /// connection's in-memory catalog (spilling to the temp folder beyond the memory limit), found through the search
    /// path, so the published file holds the marts and scorecard tables only and never the free space of dropped
    /// working tables. With <paramref name="keep"/> (<see cref="MartOptions.KeepViews"/>) they go into the file.
    /// Returns the catalog they are in.
    /// </summary>
    private static string UseScratchCatalog(DuckDBConnection connection, bool keep)
    {
        string catalog = keep ? MartConnection.CatalogName : "memory";
        string[] schemas = [ModelCatalog.StagingSchema, ModelCatalog.IntermediateSchema, IncrementalScope.Schema];
        foreach (string schema in schemas)
        {
            connection.Execute($"create schema if not exists {catalog}.{schema}");
        }

        connection.Execute($"create schema if not exists {ResidentTables}");

        if (!keep)
        {
            connection.Execute($"set search_path = '{MartConnection.CatalogName}.main,{string.Join(",", schemas.Select(s => $"memory.{s}"))}'");
        }

        return catalog;
    }

    /// <summary>The placeholder values for a build: the lake relations and the KPI parts generated from the registry.</summary>
    internal static ModelTemplate CreateTemplate(string lakeDirectory, KpiRegistry registry, bool incremental = false) =>
        new(new Dictionary<string, string>(LakeRelations.For(lakeDirectory))
        {
            ["kpi_parts"] = KpiSqlGenerator.Generate(registry, scoped: incremental),
        }, incremental ? new IncrementalScope() : null);

    /// <summary>
    /// The models under <paramref name="sqlRoot"/>; the KPI model also depends on every KPI source's relation, as it
    /// reads their stored day-level terms (<see cref="KpiDayTerms"/>), which are refreshed just before it runs.
    /// </summary>
    internal static IReadOnlyList<SqlModel> Discover(string sqlRoot, ModelTemplate template, KpiRegistry registry) =>
        ModelCatalog.Discover(sqlRoot, template)
            .Select(m => KpiDayTerms.Reads(m) ? m with { References = m.References.Union(registry.Sources.Select(s => s.Relation)).ToList() } : m)
            .ToList();

    /// <summary>What runs just before each model: the incremental scope it needs, and the stored KPI day terms before the KPI model.</summary>
    internal static Action<SqlModel> BeforeModel(DuckDBConnection connection, KpiRegistry registry, IncrementalPlanner? planner, IProgress<string>? progress = null) => model =>
    {
        planner?.BeforeModel(model);
        if (KpiDayTerms.Reads(model))
        {
            var clock = Stopwatch.StartNew();
            KpiDayTerms.Refresh(connection, registry, planner is not null);
            if (planner is not null)
            {
                long before = planner.AffectedKpiPeriods;
                planner.KpiPeriodsNarrowed(KpiDayTerms.NarrowKpiPeriods(connection, registry));
                progress?.Report(string.Create(CultureInfo.InvariantCulture,
                    $"KPI day terms refreshed for the changed days in {clock.Elapsed.TotalSeconds:0.0} s; {planner.AffectedKpiPeriods} of {before} KPI value(s) by period changed"));
            }
            else
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"KPI day terms computed in {clock.Elapsed.TotalSeconds:0.0} s"));
            }
        }
    };

    private static IReadOnlyList<ModelRunResult> RunModels(DuckDBConnection connection, IReadOnlyList<SqlModel> models, KpiRegistry registry, IncrementalPlanner? planner,
        IProgress<string>? progress, ConnectionTwins twins)
    {
        try
        {
            return new ModelRunner(connection, planner is not null, BeforeModel(connection, registry, planner, progress), planner is null ? null : planner.BuildStaging,
                ResidentTables, planner is null ? null : planner.BindScope, twins,
                planner is null ? null : model => KpiDayTerms.Reads(model) ? ScopeWork.Alone : planner.PendingWork(model),
                planner is null ? null : planner.ScopeNeeds).Run(models, SeedTables.Relations);
        }
        catch (ModelRunException e) when (e.ModelPath == "scorecard/fct_kpi.sql")
        {
            // The generated SQL failed: find the KPI whose formula does not fit its source and name it.
            foreach (KpiDefinition kpi in registry.Kpis)
            {
                try
                {
                    connection.Execute(KpiSqlGenerator.CheckQuery(kpi, registry.SourceOf(kpi)));
                }
                catch (DuckDBException check)
                {
                    throw new KpiCheckException(registry.Path, kpi.Id, check.Message, check);
                }
            }

            throw;
        }
    }

    /// <summary>Session settings of a build; returns the folder DuckDB spills to, this build's own, for the caller to delete.</summary>
    internal static string Configure(DuckDBConnection connection, MartOptions options)
    {
        // Dates derive from UTC timestamps; the session time zone must not shift them.
        connection.Execute("set TimeZone = 'UTC'");
        connection.Execute(string.Create(CultureInfo.InvariantCulture,
            $"set variable service_level_threshold_seconds = {options.ServiceLevelThresholdSeconds}"));
        connection.Execute(string.Create(CultureInfo.InvariantCulture,
            $"set variable short_abandon_seconds = {options.ShortAbandonSeconds}"));
        connection.Execute(string.Create(CultureInfo.InvariantCulture,
            $"set variable fcr_window_days = {options.FcrWindowDays}"));
        StaffingFunctions.Register(connection, options);

        // An incremental build reads the previous build's Parquet through views, in each of its few hundred statements:
        // the footers of those files are decoded once, not once per statement (DuckDB checks a file's modification time
        // before it uses a cached footer, so a file rewritten under its name is read again).
        connection.Execute("set parquet_metadata_cache = true");

        // Bounded memory: beyond the limit DuckDB spills to a folder of this build's own instead of growing.
        string temp = ScratchFolders.Create(options.TempDirectory ?? Path.Combine(Path.GetTempPath(), "scorecard-duckdb"), "build");
        SetMemoryLimit(connection, options.EffectiveMemoryLimitMb);
        connection.Execute($"set temp_directory = {SqlText.PathLiteral(temp)}");
        return temp;
    }

    /// <summary>The marts and scorecard tables, each published as Parquet.</summary>
    private static List<SqlModel> PublishedTables(IReadOnlyList<ModelRunResult> runs, IReadOnlyDictionary<string, SqlModel> models) =>
        runs.Where(r => !r.IsView && r.Relation.Split('.')[0] is ModelCatalog.MartsSchema or ModelCatalog.ScorecardSchema)
            .Select(r => models[r.Relation])
            .ToList();

    private static void SetMemoryLimit(DuckDBConnection connection, int megabytes) =>
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"set memory_limit = '{megabytes}MiB'"));

    /// <summary>DuckDB's own buffer memory now, in MiB.</summary>
    private static double DuckDbMemoryMb(DuckDBConnection connection) =>
        connection.Scalar<long>("select coalesce(sum(memory_usage_bytes), 0)::bigint from duckdb_memory()") / 1048576.0;

    /// <summary>
    /// Removes temporary Parquet files a build that died (or failed) left in the mart folder. Only called while
    /// holding the build lock, so no other build is writing them. Their names never end in <c>.parquet</c>, so a
    /// reader globbing <c>*.parquet</c> never picks one up even before this runs.
    /// </summary>
    private static void DeleteLeftovers(string martDirectory)
    {
        foreach (string file in Directory.EnumerateFiles(martDirectory, "*" + TemporarySuffix, SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        MartParquetWriter.DeleteBuilding(martDirectory);
    }

    private static void DeleteDatabase(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
