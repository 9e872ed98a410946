using System.Diagnostics;
using DuckDB.NET.Data;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// Builds models in DuckDB in dependency order: each model becomes <c>create or replace view|table schema.name as
/// &lt;its select&gt;</c>. Stops at the first failure with a <see cref="ModelRunException"/> naming the model file.
/// </summary>
internal sealed class ModelRunner(DuckDBConnection connection)
{
    /// <summary>Orders <paramref name="models"/> by their references and builds them all.</summary>
    public IReadOnlyList<ModelRunResult> Run(IReadOnlyList<SqlModel> models, IReadOnlySet<string>? externalRelations = null)
    {
        IReadOnlyList<SqlModel> ordered = ModelGraph.Order(models, externalRelations);
        foreach (string schema in ordered.Select(m => m.Schema).Distinct())
        {
            Execute($"create schema if not exists {schema}");
        }

        return ordered.Select(RunOne).ToList();
    }

    private ModelRunResult RunOne(SqlModel model)
    {
        var stopwatch = Stopwatch.StartNew();
        string kind = model.IsView ? "view" : "table";
        string body = model.Sql.Trim().TrimEnd(';');
        try
        {
            Execute($"create or replace {kind} {model.Relation} as\n{body}\n");
        }
        catch (DuckDBException e)
        {
            throw new ModelRunException(model.DisplayPath, e.Message, e);
        }

        long? rows = model.IsView ? null : Scalar<long>($"select count(*) from {model.Relation}");
        return new ModelRunResult(model.Relation, model.DisplayPath, model.IsView, rows, stopwatch.Elapsed);
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
