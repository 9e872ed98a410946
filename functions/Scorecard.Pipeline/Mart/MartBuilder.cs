using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Workforce;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds the mart from a local lake: loads the KPI registry and targets into <c>seeds</c>, runs every SQL model
/// in dependency order, runs the data tests, then publishes <c>scorecard_mart.duckdb</c> and one Parquet file per
/// marts/scorecard table (<c>&lt;table&gt;/data.parquet</c>). The database is built beside the old one and moved
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
        IReadOnlyList<SqlModel> models = ModelCatalog.Discover(sqlRoot, template);
        IReadOnlyList<DataTest> tests = DataTestCatalog.Discover(sqlRoot, template);

        BuildReport report;
        string? spill = null;
        List<(string Relation, string Temporary, string Target)> exported = [];
        try
        {
            if (plan.IsIncremental)
            {
                // Start from a copy of the previous mart; the previous file itself is read (as catalog "previous")
                // to tell what changed.
                File.Copy(databasePath, buildingPath);
            }

            using (DuckDBConnection connection = MartConnection.Open(buildingPath))
            {
                spill = Configure(connection, options);
                string scratch = UseScratchCatalog(connection, options.KeepViews);
                IncrementalPlanner? planner = null;
                if (plan.IsIncremental)
                {
                    connection.Execute($"attach {SqlText.PathLiteral(databasePath)} as {IncrementalPlanner.PreviousCatalog} (read_only)");
                    planner = new IncrementalPlanner(connection, plan, options.LakeDirectory, registry, models, options.FcrWindowDays, progress, options.KeepViews);
                }

                SeedTables.Load(connection, registry, options.TargetsPath, options.Currency);
                IReadOnlyList<ModelRunResult> runs = RunModels(connection, models, registry, planner);
                var modelsDone = stopwatch.Elapsed;
                progress?.Report(Timing($"{runs.Count} models", modelsDone, runs.Select(r => (r.Relation, r.Duration))));
                IReadOnlyList<DataTestResult> results = new DataTestRunner(connection).Run(tests);
                progress?.Report(Timing($"{results.Count} data tests", stopwatch.Elapsed - modelsDone, results.Select(r => (r.Name, r.Duration))));
                report = new BuildReport(databasePath, runs, results, [], stopwatch.Elapsed)
                {
                    IsIncremental = plan.IsIncremental,
                    ModeReason = plan.Reason,
                    AffectedDates = planner?.AffectedDates ?? [],
                    AffectedPeriods = planner?.AffectedPeriods ?? 0,
                    AffectedKpiPeriods = planner?.AffectedKpiPeriods ?? 0,
                    StagedFromChanges = planner?.StagedFromChanges ?? [],
                    ModelsDuration = modelsDone,
                    DataTestsDuration = stopwatch.Elapsed - modelsDone,
                };
                if (!report.Succeeded && options.FailOnDataTestFailure)
                {
                    throw new DataTestsFailedException(report);
                }

                var exportStarted = stopwatch.Elapsed;
                exported = Export(connection, runs, options.MartDirectory);
                if (plan.IsIncremental)
                {
                    connection.Execute($"detach {IncrementalPlanner.PreviousCatalog}");
                }

                connection.Execute($"drop schema if exists {scratch}.{IncrementalScope.Schema} cascade");

                IncrementalPlanner.WriteMetadata(connection, definition, plan.CurrentFiles, plan.IsIncremental);
                connection.Execute($"checkpoint {MartConnection.CatalogName}");
                connection.Execute($"use memory; detach {MartConnection.CatalogName}");
                report = report with { ExportedTables = exported.Select(e => e.Relation).ToList(), ExportDuration = stopwatch.Elapsed - exportStarted };
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{exported.Count} tables written as Parquet in {report.ExportDuration.TotalSeconds:0.0} s"));
            }

            // Every file is complete before any is renamed into place, so a crash leaves at most a moment's mix of
            // old and new tables, each file whole. Renames over the old files: readers see old or new, never none.
            foreach ((_, string temporary, string target) in exported)
            {
                File.Move(temporary, target, overwrite: true);
            }

            FaultPoint.Reached(FaultPoint.MartBeforeDatabaseSwap);
            File.Delete(databasePath + ".wal");
            File.Move(buildingPath, databasePath, overwrite: true);
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

        return report with { Duration = stopwatch.Elapsed };
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

    private static IReadOnlyList<ModelRunResult> RunModels(DuckDBConnection connection, IReadOnlyList<SqlModel> models, KpiRegistry registry, IncrementalPlanner? planner)
    {
        try
        {
            return new ModelRunner(connection, planner is not null, planner is null ? null : planner.BeforeModel, planner is null ? null : planner.BuildStaging).Run(models, SeedTables.Relations);
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

        // Bounded memory: beyond the limit DuckDB spills to a folder of this build's own instead of growing.
        string temp = ScratchFolders.Create(options.TempDirectory ?? Path.Combine(Path.GetTempPath(), "scorecard-duckdb"), "build");
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"set memory_limit = '{options.EffectiveMemoryLimitMb}MiB'"));
        connection.Execute($"set temp_directory = {SqlText.PathLiteral(temp)}");
        return temp;
    }

    /// <summary>Writes each marts/scorecard table to a temporary name beside its <c>data.parquet</c>; the caller renames.</summary>
    private static List<(string Relation, string Temporary, string Target)> Export(
        DuckDBConnection connection, IReadOnlyList<ModelRunResult> runs, string martDirectory)
    {
        var exported = new List<(string, string, string)>();

        // Row order in a table's Parquet means nothing (the tables have no order either); not keeping it lets DuckDB
        // write row groups on every core, about a third less time for the large facts.
        connection.Execute("set preserve_insertion_order = false");
        foreach (ModelRunResult run in runs.Where(r => !r.IsView))
        {
            string[] parts = run.Relation.Split('.');
            if (parts[0] is not (ModelCatalog.MartsSchema or ModelCatalog.ScorecardSchema))
            {
                continue;
            }

            string table = parts[1];
            string folder = Path.Combine(martDirectory, table);
            Directory.CreateDirectory(folder);
            string target = Path.Combine(folder, "data.parquet");
            string temporary = target + TemporarySuffix;
            connection.Execute($"copy {run.Relation} to {SqlText.PathLiteral(temporary)} (format parquet)");
            FaultPoint.Reached(FaultPoint.MartMidExport);
            exported.Add((run.Relation, temporary, target));
        }

        return exported;
    }

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
    }

    private static void DeleteDatabase(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
