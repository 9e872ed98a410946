using DuckDB.NET.Data;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class MartParquetWriterTests
{
    private static (DuckDBConnection Connection, SqlModel Model) Built(SqlFolder sql)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var attach = connection.CreateCommand())
        {
            attach.CommandText = $"attach ':memory:' as {MartConnection.CatalogName}";
            attach.ExecuteNonQuery();
        }

        var models = ModelCatalog.Discover(sql.Root);
        new ModelRunner(connection).Run(models);
        return (connection, models.Single());
    }

    [Fact]
    public void A_published_sum_left_as_hugeint_fails_the_write_naming_the_model_and_column()
    {
        using var sql = new SqlFolder().With("marts/fct_totals.sql", "select id, sum(x) as total from (values (1, 2::bigint), (1, 3::bigint)) as t(id, x) group by id");
        using var mart = new TempFolder();
        (DuckDBConnection connection, SqlModel model) = Built(sql);
        using (connection)
        {
            var error = Assert.Throws<MartDefinitionException>(() => new MartParquetWriter(connection, mart.Path).Write([model], scoped: false));

            Assert.Contains("fct_totals", error.Message);
            Assert.Contains("column total", error.Message);
            Assert.Contains("HUGEINT", error.Message);
        }
    }

    [Fact]
    public void A_published_sum_cast_to_bigint_is_read_back_from_its_file_as_bigint()
    {
        using var sql = new SqlFolder().With("marts/fct_totals.sql", "select id, cast(sum(x) as bigint) as total from (values (1, 2::bigint), (1, 3::bigint)) as t(id, x) group by id");
        using var mart = new TempFolder();
        (DuckDBConnection connection, SqlModel model) = Built(sql);
        using (connection)
        {
            var writer = new MartParquetWriter(connection, mart.Path);
            writer.Write([model], scoped: false);
            writer.Commit();

            string file = Path.Combine(mart.Path, "fct_totals", MartParquetWriter.FileName);
            using var command = connection.CreateCommand();
            command.CommandText = $"select column_type from (describe select * from read_parquet('{file}')) where column_name = 'total'";
            Assert.Equal("BIGINT", command.ExecuteScalar());
        }
    }
}
