namespace Scorecard.Pipeline.Tests;

/// <summary>
/// Marks a concrete test class whose inherited <see cref="ContractFactAttribute"/> and
/// <see cref="ContractTheoryAttribute"/> tests need Azurite (see <see cref="AzuriteEnvironment"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresAzuriteAttribute : Attribute;
