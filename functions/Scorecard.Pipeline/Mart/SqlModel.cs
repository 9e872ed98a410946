namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One SQL model: <c>sql/&lt;schema&gt;/.../&lt;name&gt;.sql</c> becomes the relation <c>schema.name</c>.
/// <see cref="Sql"/> is the text the runner executes (placeholders already expanded).
/// </summary>
internal sealed record SqlModel(string Schema, string Name, string FilePath, string Sql)
{
    /// <summary><c>schema.name</c>, as other models reference it.</summary>
    public string Relation => $"{Schema}.{Name}";

    /// <summary>Staging and intermediate models are views; marts and scorecard models are tables.</summary>
    public bool IsView => Schema is ModelCatalog.StagingSchema or ModelCatalog.IntermediateSchema;

    /// <summary>Relations (<c>schema.name</c>) this model reads, found from its SQL.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The model file path relative to the SQL root, with forward slashes, for messages.</summary>
    public string DisplayPath { get; init; } = FilePath;
}
