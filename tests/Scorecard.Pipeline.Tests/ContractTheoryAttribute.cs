using Xunit.Sdk;

namespace Scorecard.Pipeline.Tests;

/// <summary>The theory counterpart of <see cref="ContractFactAttribute"/>; see there for why it exists.</summary>
[XunitTestCaseDiscoverer("Scorecard.Pipeline.Tests.ContractTheoryDiscoverer", "Scorecard.Pipeline.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractTheoryAttribute : TheoryAttribute;
