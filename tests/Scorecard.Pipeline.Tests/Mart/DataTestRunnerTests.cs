using DuckDB.NET.Data;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class DataTestRunnerTests
{
    [Fact]
    public void A_failing_unique_test_is_named_after_model_and_column_and_shows_five_offending_rows()
    {
        using var sql = new SqlFolder()
            .With("marts/fct_rows.sql", "select id % 7 as row_id from range(21) as t(id)")
            .With("marts/fct_rows.yml", """
                name: fct_rows
                description: Rows. One row per row.
                columns:
                  - name: row_id
                    description: Not unique at all.
                    tests: [unique, not_null]
                """);
        using DuckDBConnection connection = Built(sql);

        var results = new DataTestRunner(connection).Run(DataTestCatalog.Discover(sql.Root));

        var unique = results.Single(r => r.Name == "marts.fct_rows.row_id unique");
        Assert.False(unique.Passed);
        Assert.Equal(7, unique.FailingRowCount);
        Assert.Equal(5, unique.SampleRows.Count);
        Assert.Contains("row_count=3", unique.Describe());
        Assert.True(results.Single(r => r.Name == "marts.fct_rows.row_id not_null").Passed);
    }

    [Fact]
    public void Model_tests_and_assertion_files_are_named_for_what_must_hold()
    {
        using var sql = new SqlFolder()
            .With("marts/fct_rows.sql", "select id, id * 2 as twice from range(3) as t(id)")
            .With("marts/fct_rows.yml", """
                name: fct_rows
                description: Rows. One row per id.
                tests:
                  - expression_is_true: {name: twice_is_double, expression: twice = id * 3}
                  - unique_combination_of_columns: {columns: [id, twice]}
                """)
            .With("tests/assert_no_negative_ids.sql", "select * from marts.fct_rows where id < 0");
        using DuckDBConnection connection = Built(sql);

        var results = new DataTestRunner(connection).Run(DataTestCatalog.Discover(sql.Root));

        Assert.Equal(
            ["marts.fct_rows twice_is_double", "marts.fct_rows unique (id, twice)", "assert_no_negative_ids"],
            results.Select(r => r.Name));
        Assert.False(results[0].Passed);
        Assert.Equal(2, results[0].FailingRowCount);
        Assert.True(results[1].Passed);
        Assert.True(results[2].Passed);
    }

    [Fact]
    public void A_test_whose_query_fails_is_a_failure_carrying_the_duckdb_error()
    {
        using var sql = new SqlFolder()
            .With("marts/fct_rows.sql", "select 1 as id")
            .With("marts/fct_rows.yml", """
                name: fct_rows
                description: Rows. One row per id.
                columns:
                  - name: missing_column
                    tests: [not_null]
                """);
        using DuckDBConnection connection = Built(sql);

        var result = new DataTestRunner(connection).Run(DataTestCatalog.Discover(sql.Root)).Single();

        Assert.False(result.Passed);
        Assert.Contains("missing_column", result.Error);
        Assert.Contains("marts.fct_rows.missing_column not_null", result.Describe());
    }

    [Fact]
    public void The_row_rules_of_a_model_are_counted_in_one_scan_and_each_reports_its_own_offending_rows_or_error()
    {
        using var sql = new SqlFolder()
            .With("marts/fct_rows.sql", "select id, case when id % 3 = 0 then null else id end as maybe, id * 2 as twice from range(10) as t(id)")
            .With("marts/fct_rows.yml", """
                name: fct_rows
                description: Rows. One row per id.
                columns:
                  - name: id
                    tests: [not_null, unique, {accepted_values: {values: [0, 1, 2, 3, 4]}}]
                  - name: maybe
                    tests: [not_null]
                  - name: missing_column
                    tests: [not_null]
                tests:
                  - expression_is_true: {name: twice_is_double, expression: twice = id * 2}
                """);
        using DuckDBConnection connection = Built(sql);
        var tests = DataTestCatalog.Discover(sql.Root);

        var batches = DataTestRunner.Batches(tests);
        var results = new DataTestRunner(connection).Run(tests);

        // The five row rules are one batch; the unique test runs on its own.
        Assert.Equal([5, 1], batches.Select(b => b.Count).OrderDescending());
        Assert.Equal(tests.Select(t => t.Name), results.Select(r => r.Name));
        DataTestResult Result(string name) => results.Single(r => r.Name == name);
        Assert.True(Result("marts.fct_rows.id not_null").Passed);
        Assert.True(Result("marts.fct_rows.id unique").Passed);
        Assert.True(Result("marts.fct_rows twice_is_double").Passed);
        Assert.Equal(5, Result("marts.fct_rows.id accepted_values").FailingRowCount);
        Assert.Contains("id=5", Result("marts.fct_rows.id accepted_values").SampleRows[0]);
        Assert.Equal(4, Result("marts.fct_rows.maybe not_null").FailingRowCount);
        Assert.Equal(4, Result("marts.fct_rows.maybe not_null").SampleRows.Count);
        Assert.Contains("missing_column", Result("marts.fct_rows.missing_column not_null").Error);
        Assert.Null(Result("marts.fct_rows.maybe not_null").Error);
    }

    /// <summary>An in-memory database with the models of <paramref name="sql"/> built.</summary>
    private static DuckDBConnection Built(SqlFolder sql)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        new ModelRunner(connection).Run(ModelCatalog.Discover(sql.Root));
        return connection;
    }
}
