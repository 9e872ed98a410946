using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

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
        string buildingPath = databasePath + ".building";
        DeleteDatabase(buildingPath);

        BuildReport report;
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

                var exported = Export(connection, runs, options.MartDirectory);
                if (!options.KeepViews)
                {
                    Execute(connection, $"drop schema if exists {ModelCatalog.IntermediateSchema} cascade");
                    Execute(connection, $"drop schema if exists {ModelCatalog.StagingSchema} cascade");
                }

                Execute(connection, $"checkpoint {MartConnection.CatalogName}");
                Execute(connection, $"use memory; detach {MartConnection.CatalogName}");
                report = report with { ExportedTables = exported };
            }

            // A rename over the old file: readers see the old mart or the new one, never none.
            File.Delete(databasePath + ".wal");
            File.Move(buildingPath, databasePath, overwrite: true);
        }
        catch
        {
            DeleteDatabase(buildingPath);
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

    private static List<string> Export(DuckDBConnection connection, IReadOnlyList<ModelRunResult> runs, string martDirectory)
    {
        var exported = new List<string>();
        foreach (ModelRunResult run in runs.Where(r => !r.IsView))
        {
            string table = run.Relation.Split('.')[1];
            string folder = Path.Combine(martDirectory, table);
            Directory.CreateDirectory(folder);
            string target = Path.Combine(folder, "data.parquet");
            string temporary = target + ".building";
            Execute(connection, $"copy {run.Relation} to '{temporary.Replace("'", "''")}' (format parquet)");
            File.Move(temporary, target, overwrite: true);
            exported.Add(run.Relation);
        }

        return exported;
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
