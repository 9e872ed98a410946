namespace Scorecard.Pipeline.Mart;

/// <summary>
/// The SQL folder or KPI registry is not a valid mart definition (a reference to an unknown model, a cycle,
/// a malformed YAML file). Raised before anything runs; the message names the file and what is wrong.
/// </summary>
public sealed class MartDefinitionException(string message) : Exception(message);
