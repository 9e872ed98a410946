using Xunit.Sdk;

namespace Scorecard.Pipeline.Tests;

/// <summary>
/// A fact declared once in an abstract contract suite and run by each concrete subclass.
/// </summary>
/// <remarks>
/// Why not <see cref="AzuriteFactAttribute"/>: in xunit 2 the skip reason comes from the attribute instance, and
/// the attribute sits on the base-class method, so it cannot tell the local-folder run from the Azure run, and
/// xunit 2 has no way to skip from inside a running test. Test cases are created per concrete class, though, by
/// a discoverer that sees that class: <see cref="ContractFactDiscoverer"/> skips when the concrete class is marked
/// <see cref="RequiresAzuriteAttribute"/> and Azurite is not configured, and otherwise discovers a normal fact.
/// </remarks>
[XunitTestCaseDiscoverer("Scorecard.Pipeline.Tests.ContractFactDiscoverer", "Scorecard.Pipeline.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractFactAttribute : FactAttribute;
