namespace Scorecard.Pipeline.Mart;

/// <summary>A model failed in DuckDB. The message names the model file and carries DuckDB's own error.</summary>
public sealed class ModelRunException(string modelPath, string duckDbError, Exception inner)
    : Exception($"Model {modelPath} failed: {duckDbError}", inner)
{
    /// <summary>The model file, relative to the SQL root.</summary>
    public string ModelPath { get; } = modelPath;

    /// <summary>DuckDB's error message.</summary>
    public string DuckDbError { get; } = duckDbError;
}
