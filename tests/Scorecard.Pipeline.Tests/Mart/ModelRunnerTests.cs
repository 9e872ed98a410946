using DuckDB.NET.Data;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class ModelRunnerTests
{
    private static IReadOnlyList<ModelRunResult> Run(SqlFolder sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return new ModelRunner(connection).Run(ModelCatalog.Discover(sql.Root));
    }

    [Fact]
    public void Models_run_in_the_order_of_their_references_not_of_their_names()
    {
        using var sql = new SqlFolder()
            .With("marts/dim_a.sql", "with z as (select * from marts.fct_z) select * from z")
            .With("marts/fct_z.sql", "with m as (select * from intermediate.int_m) select * from m")
            .With("intermediate/int_m.sql", "with s as (select * from staging.stg_x__rows) select * from s")
            .With("staging/x/stg_x__rows.sql", "with source as (select 1 as id) select * from source");

        var order = Run(sql).Select(r => r.Relation).ToList();

        Assert.Equal(["staging.stg_x__rows", "intermediate.int_m", "marts.fct_z", "marts.dim_a"], order);
    }

    [Fact]
    public void Models_are_tables_unless_their_yaml_says_otherwise_and_tables_report_row_counts()
    {
        using var sql = new SqlFolder()
            .With("staging/x/stg_x__rows.sql", "select * from range(3) as t(id)")
            .With("staging/x/stg_x__rows.yml", "name: stg_x__rows\nmaterialized: view\n")
            .With("staging/x/stg_x__more.sql", "select * from range(2) as t(id)")
            .With("marts/fct_rows.sql", "with s as (select * from staging.stg_x__rows) select * from s");

        var results = Run(sql);

        Assert.True(results.Single(r => r.Relation == "staging.stg_x__rows").IsView);
        Assert.Equal(2L, results.Single(r => r.Relation == "staging.stg_x__more").RowCount);
        Assert.Equal(3L, results.Single(r => r.Relation == "marts.fct_rows").RowCount);
    }

    [Fact]
    public void A_failing_model_names_its_file_and_the_duckdb_error()
    {
        using var sql = new SqlFolder()
            .With("staging/x/stg_x__rows.sql", "select 1 as id")
            .With("marts/fct_broken.sql", "with s as (select no_such_column from staging.stg_x__rows) select * from s");

        var error = Assert.Throws<ModelRunException>(() => Run(sql));

        Assert.Equal("marts/fct_broken.sql", error.ModelPath);
        Assert.Contains("marts/fct_broken.sql", error.Message);
        Assert.Contains("no_such_column", error.Message);
    }

    [Fact]
    public void A_cycle_is_reported_with_the_models_in_it()
    {
        using var sql = new SqlFolder()
            .With("marts/fct_a.sql", "select * from marts.fct_b")
            .With("marts/fct_b.sql", "select * from marts.fct_c")
            .With("marts/fct_c.sql", "select * from marts.fct_a")
            .With("marts/fct_d.sql", "select 1 as id");

        var error = Assert.Throws<MartDefinitionException>(() => Run(sql));

        Assert.Contains("cycle", error.Message);
        Assert.Contains("marts/fct_a.sql", error.Message);
        Assert.Contains("marts/fct_b.sql", error.Message);
        Assert.Contains("marts/fct_c.sql", error.Message);
        Assert.DoesNotContain("fct_d", error.Message);
    }

    [Fact]
    public void A_reference_to_an_unknown_model_names_the_referring_file()
    {
        using var sql = new SqlFolder().With("marts/fct_a.sql", "select * from marts.fct_missing");

        var error = Assert.Throws<MartDefinitionException>(() => Run(sql));

        Assert.Contains("marts/fct_a.sql", error.Message);
        Assert.Contains("marts.fct_missing", error.Message);
    }

    [Fact]
    public void References_in_comments_and_string_literals_are_not_dependencies()
    {
        var references = ModelCatalog.FindReferences("""
            -- reads marts.fct_old no more
            /* nor marts.fct_older */
            select 'marts.fct_text' as note, * from staging.stg_x__rows
            """);

        Assert.Equal(["staging.stg_x__rows"], references);
    }

    [Fact]
    public void An_unknown_placeholder_names_the_file()
    {
        using var sql = new SqlFolder().With("staging/x/stg_x__rows.sql", "select * from {{lake:x/unknown}}");

        var error = Assert.Throws<MartDefinitionException>(() => ModelCatalog.Discover(sql.Root));

        Assert.Contains("staging/x/stg_x__rows.sql", error.Message);
        Assert.Contains("lake:x/unknown", error.Message);
    }

    [Theory]
    [InlineData("incremental_scope: changed_rows", "marts.fct_a", null, "changed_rows")]
    [InlineData("incremental_scope: contact_rows", "marts.fct_a", "contact_rows", null)]
    [InlineData("incremental_scope: workforce", "marts.fct_a", "workforce", null)]
    public void One_incremental_scope_key_names_the_dates_or_the_partitions_of_the_models_own(string line, string relation, string? dates, string? own)
    {
        using var sql = new SqlFolder()
            .With("marts/fct_a.sql", "select date '2026-10-01' as a_date")
            .With("marts/fct_a.yml", $"name: fct_a\nmaterialized: incremental\npartition_by: a_date\n{line}\n");

        SqlModel model = ModelCatalog.Discover(sql.Root).Single(m => m.Relation == relation);

        Assert.Equal(dates ?? "contacts", model.DateScope);
        Assert.Equal(own, model.Scope);
    }

    [Theory]
    [InlineData("scope: changed_rows", "renamed: write incremental_scope")]
    [InlineData("incremental_scope: everything", "incremental_scope")]
    [InlineData("incremental_scope: kpi_periods_and_next", "partitioned by [kpi_id, period_grain, period_start]")]
    public void A_wrong_incremental_scope_names_the_file_and_what_to_write(string line, string expected)
    {
        using var sql = new SqlFolder()
            .With("marts/fct_a.sql", "select date '2026-10-01' as a_date")
            .With("marts/fct_a.yml", $"name: fct_a\nmaterialized: incremental\npartition_by: a_date\n{line}\n");

        var error = Assert.Throws<MartDefinitionException>(() => ModelCatalog.Discover(sql.Root));

        Assert.Contains("marts/fct_a.yml", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_table_split_by_day_on_a_column_that_is_not_a_date_names_its_yaml_and_the_type()
    {
        using var sql = new SqlFolder()
            .With("marts/fct_x.sql", "select timestamp '2026-01-01 10:00:00' as happened_at, 1 as n")
            .With("marts/fct_x.yml", "name: fct_x\npublish_partition_by: happened_at\n");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("create schema resident");

        var error = Assert.Throws<MartDefinitionException>(() => new ModelRunner(connection, residentSchema: "memory.resident").Run(ModelCatalog.Discover(sql.Root)));

        Assert.Contains("marts/fct_x.yml", error.Message);
        Assert.Contains("happened_at, which is TIMESTAMP, not a DATE column", error.Message);
    }

    [Fact]
    public void Side_by_side_a_model_with_scope_work_waits_for_every_model_before_it_and_the_models_after_it_see_its_variables()
    {
        using var sql = new SqlFolder()
            .With("staging/x/stg_x__a.sql", "select range as n from range(20000)")
            .With("staging/x/stg_x__b.sql", "select range as n from range(30000)")
            .With("intermediate/int_c.sql", "select a.n from staging.stg_x__a as a join staging.stg_x__b as b on a.n = b.n")
            .With("intermediate/int_d.sql", "select n * 2 as n from staging.stg_x__b")
            .With("marts/fct_fence.sql", "select count(*) as n from intermediate.int_c")
            .With("marts/fct_zafter.sql", "select getvariable('fence_mark') as mark")
            .With("marts/fct_zlast.sql", "select f.n + d.n as n from marts.fct_fence as f cross join (select max(n) as n from intermediate.int_d) as d");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var twins = ConnectionTwins.Open(connection, _ => { }, width: 3);
        List<string>? builtAtFence = null;
        var runner = new ModelRunner(connection, beforeModel: model =>
        {
            if (model.Name == "fct_fence")
            {
                using var command = connection.CreateCommand();
                command.CommandText = "select schema_name || '.' || table_name from duckdb_tables() order by 1";
                using var reader = command.ExecuteReader();
                builtAtFence = [];
                while (reader.Read())
                {
                    builtAtFence.Add(reader.GetString(0));
                }

                connection.Execute("set variable fence_mark = 42");
            }
        }, twins: twins, scopeWork: model => model.Name == "fct_fence" ? ScopeWork.Alone : null);

        var results = runner.Run(ModelCatalog.Discover(sql.Root));

        Assert.Equal(["intermediate.int_c", "intermediate.int_d", "staging.stg_x__a", "staging.stg_x__b"], builtAtFence);
        Assert.Equal(["staging.stg_x__a", "staging.stg_x__b", "intermediate.int_c", "intermediate.int_d", "marts.fct_fence", "marts.fct_zafter", "marts.fct_zlast"],
            results.Select(r => r.Relation));
        Assert.Equal(42, connection.Scalar<int>("select mark from marts.fct_zafter"));
        Assert.Equal(20000L + 59998L, connection.Scalar<long>("select n from marts.fct_zlast"));
    }

    [Fact]
    public void Side_by_side_scope_work_naming_what_it_reads_runs_beside_other_models_and_a_model_needing_it_waits_and_sees_its_variables()
    {
        using var sql = new SqlFolder()
            .With("staging/x/stg_x__a.sql", "select 1 as n")
            .With("intermediate/int_beside.sql", "select n from staging.stg_x__a")
            .With("marts/fct_fence.sql", "select getvariable('fence_mark') as mark from staging.stg_x__a")
            .With("marts/fct_needs.sql", "select getvariable('fence_mark') as mark from intermediate.int_beside");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var twins = ConnectionTwins.Open(connection, _ => { }, width: 3);
        using var together = new Barrier(2);
        var met = new System.Collections.Concurrent.ConcurrentBag<bool>();
        var dates = new HashSet<string> { "dates" };
        var runner = new ModelRunner(connection, beforeModel: model =>
        {
            // The fence's scope steps and a model they do not read meet: neither waits for the other to finish.
            if (model.Name is "int_beside" or "fct_fence")
            {
                met.Add(together.SignalAndWait(TimeSpan.FromSeconds(10)));
            }

            if (model.Name == "fct_fence")
            {
                connection.Execute("set variable fence_mark = 7");
            }
        }, twins: twins,
            scopeWork: model => model.Name == "fct_fence" ? new ScopeWork(dates, new HashSet<string> { "staging.stg_x__a" }) : null,
            scopeNeeds: model => model.Name is "fct_fence" or "fct_needs" ? dates : new HashSet<string>());

        runner.Run(ModelCatalog.Discover(sql.Root));

        Assert.Equal([true, true], met);
        Assert.Equal(7, connection.Scalar<int>("select mark from marts.fct_fence"));
        Assert.Equal(7, connection.Scalar<int>("select mark from marts.fct_needs"));
    }

    [Fact]
    public void Side_by_side_incremental_staging_models_are_staged_at_once_each_on_the_connection_it_is_given()
    {
        const string Incremental = "materialized: incremental\nunique_key: id\nprevious: marts.fct_rows\n";
        using var sql = new SqlFolder()
            .With("staging/x/stg_x__a.sql", "select 1 as id")
            .With("staging/x/stg_x__a.yml", "name: stg_x__a\n" + Incremental)
            .With("staging/x/stg_x__b.sql", "select 2 as id")
            .With("staging/x/stg_x__b.yml", "name: stg_x__b\n" + Incremental)
            .With("marts/fct_rows.sql", "select id from staging.stg_x__a union all select id from staging.stg_x__b");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var twins = ConnectionTwins.Open(connection, _ => { }, width: 2);
        using var bothStaging = new Barrier(2);
        var stagedOn = new System.Collections.Concurrent.ConcurrentDictionary<string, DuckDBConnection>();
        var metWhileStaging = new System.Collections.Concurrent.ConcurrentBag<bool>();
        var runner = new ModelRunner(connection, incremental: true, buildStaging: (model, on) =>
        {
            stagedOn[model.Name] = on;
            metWhileStaging.Add(bothStaging.SignalAndWait(TimeSpan.FromSeconds(10)));
            on.Execute($"create or replace table {model.Relation} as {model.Sql}");
        }, twins: twins);

        runner.Run(ModelCatalog.Discover(sql.Root));

        Assert.Equal([true, true], metWhileStaging);
        Assert.NotSame(stagedOn["stg_x__a"], stagedOn["stg_x__b"]);
        Assert.Equal(3L, connection.Scalar<long>("select sum(id)::bigint from marts.fct_rows"));
    }

    [Fact]
    public void Side_by_side_the_first_failing_model_is_thrown_and_nothing_that_reads_it_starts()
    {
        using var sql = new SqlFolder()
            .With("staging/x/stg_x__a.sql", "select range as n from range(1000)")
            .With("staging/x/stg_x__broken.sql", "select no_such_column from range(3)")
            .With("intermediate/int_c.sql", "select * from staging.stg_x__broken");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var twins = ConnectionTwins.Open(connection, _ => { }, width: 2);

        var error = Assert.Throws<ModelRunException>(() => new ModelRunner(connection, twins: twins).Run(ModelCatalog.Discover(sql.Root)));

        Assert.Equal("staging/x/stg_x__broken.sql", error.ModelPath);
        Assert.Equal(0L, connection.Scalar<long>("select count(*) from duckdb_tables() where table_name = 'int_c'"));
    }
}
