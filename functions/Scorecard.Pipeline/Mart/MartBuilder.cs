using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Reliability;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds the mart from a local lake: loads the KPI registry and targets into <c>seeds</c>, runs every SQL model
/// in dependency order, runs the data tests, then publishes <c>scorecard.duckdb</c> and one Parquet file per
/// marts/scorecard table (<c>&lt;table&gt;/data.parquet</c>). The database is built beside the old one and moved
/// over it only when every model and data test passed, so a failed build leaves the previous mart intact.
/// </summary>
public static class MartBuilder
{
    public const string DatabaseFileName = "scorecard.duckdb";

    /// <summary>The suffix of files being written in the mart folder (the database and each table's Parquet).</summary>
    public const string TemporarySuffix = ".building";

    public static BuildReport Build(MartOptions options)
    {
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        string sqlRoot = options.SqlDirectory ?? SqlDirectoryLocator.Find();
        KpiRegistry registry = KpiRegistry.Load(options.KpiRegistryPath ?? Path.Combine(sqlRoot, "kpis.yml"));
        ModelTemplate template = CreateTemplate(options.LakeDirectory, registry);
        IReadOnlyList<SqlModel> models = ModelCatalog.Discover(sqlRoot, template);
        IReadOnlyList<DataTest> tests = DataTestCatalog.Discover(sqlRoot, template);

        using MartBuildLock buildLock = MartBuildLock.Acquire(options.MartDirectory, options.LockWait);
        string databasePath = Path.Combine(options.MartDirectory, DatabaseFileName);
        string buildingPath = databasePath + TemporarySuffix;
        DeleteDatabase(buildingPath);
        DeleteLeftovers(options.MartDirectory);

        BuildReport report;
        List<(string Relation, string Temporary, string Target)> exported = [];
        try
        {
            using (DuckDBConnection connection = MartConnection.Open(buildingPath))
            {
                Configure(connection, options);
                SeedTables.Load(connection, registry, options.TargetsPath);
                IReadOnlyList<ModelRunResult> runs = RunModels(connection, models, registry);
                IReadOnlyList<DataTestResult> results = new DataTestRunner(connection).Run(tests);
                report = new BuildReport(databasePath, runs, results, [], stopwatch.Elapsed);
                if (!report.Succeeded && options.FailOnDataTestFailure)
                {
                    throw new DataTestsFailedException(report);
                }

                exported = Export(connection, runs, options.MartDirectory);
                if (!options.KeepViews)
                {
                    Execute(connection, $"drop schema if exists {ModelCatalog.IntermediateSchema} cascade");
                    Execute(connection, $"drop schema if exists {ModelCatalog.StagingSchema} cascade");
                }

                Execute(connection, $"checkpoint {MartConnection.CatalogName}");
                Execute(connection, $"use memory; detach {MartConnection.CatalogName}");
                report = report with { ExportedTables = exported.Select(e => e.Relation).ToList() };
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

        return report with { Duration = stopwatch.Elapsed };
    }

    /// <summary>The placeholder values for a build: the lake relations and the KPI parts generated from the registry.</summary>
    internal static ModelTemplate CreateTemplate(string lakeDirectory, KpiRegistry registry) =>
        new(new Dictionary<string, string>(LakeRelations.For(lakeDirectory))
        {
            ["kpi_parts"] = KpiSqlGenerator.Generate(registry),
        });

    private static IReadOnlyList<ModelRunResult> RunModels(DuckDBConnection connection, IReadOnlyList<SqlModel> models, KpiRegistry registry)
    {
        try
        {
            return new ModelRunner(connection).Run(models, SeedTables.Relations);
        }
        catch (ModelRunException e) when (e.ModelPath == "scorecard/fct_kpi.sql")
        {
            // The generated SQL failed: find the KPI whose formula does not fit its source and name it.
            foreach (KpiDefinition kpi in registry.Kpis)
            {
                try
                {
                    Execute(connection, KpiSqlGenerator.CheckQuery(kpi, registry.SourceOf(kpi)));
                }
                catch (DuckDBException check)
                {
                    throw new KpiCheckException(registry.Path, kpi.Id, check.Message, check);
                }
            }

            throw;
        }
    }

    internal static void Configure(DuckDBConnection connection, MartOptions options)
    {
        // Dates derive from UTC timestamps; the session time zone must not shift them.
        Execute(connection, "set TimeZone = 'UTC'");
        Execute(connection, string.Create(CultureInfo.InvariantCulture,
            $"set variable service_level_threshold_seconds = {options.ServiceLevelThresholdSeconds}"));
        Execute(connection, string.Create(CultureInfo.InvariantCulture,
            $"set variable short_abandon_seconds = {options.ShortAbandonSeconds}"));
        Execute(connection, string.Create(CultureInfo.InvariantCulture,
            $"set variable fcr_window_days = {options.FcrWindowDays}"));
    }

    /// <summary>Writes each marts/scorecard table to a temporary name beside its <c>data.parquet</c>; the caller renames.</summary>
    private static List<(string Relation, string Temporary, string Target)> Export(
        DuckDBConnection connection, IReadOnlyList<ModelRunResult> runs, string martDirectory)
    {
        var exported = new List<(string, string, string)>();
        foreach (ModelRunResult run in runs.Where(r => !r.IsView))
        {
            string table = run.Relation.Split('.')[1];
            string folder = Path.Combine(martDirectory, table);
            Directory.CreateDirectory(folder);
            string target = Path.Combine(folder, "data.parquet");
            string temporary = target + TemporarySuffix;
            Execute(connection, $"copy {run.Relation} to '{temporary.Replace("'", "''")}' (format parquet)");
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

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
