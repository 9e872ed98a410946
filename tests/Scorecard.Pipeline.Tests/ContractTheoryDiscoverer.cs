using Xunit.Abstractions;
using Xunit.Sdk;

namespace Scorecard.Pipeline.Tests;

/// <summary>Discovers <see cref="ContractTheoryAttribute"/> tests, skipping them per concrete class (see <see cref="ContractFactAttribute"/>).</summary>
public sealed class ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo theoryAttribute)
    {
        var skipReason = AzuriteEnvironment.SkipReasonFor(testMethod);
        return skipReason is null
            ? base.Discover(discoveryOptions, testMethod, theoryAttribute)
            : CreateTestCasesForSkip(discoveryOptions, testMethod, theoryAttribute, skipReason);
    }

    protected override IEnumerable<IXunitTestCase> CreateTestCasesForSkip(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo theoryAttribute,
        string skipReason) =>
    [
        // The base version builds a test case that re-reads Skip from the attribute, which is not set here.
        new XunitSkippedDataRowTestCase(
            DiagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod,
            skipReason),
    ];
}
