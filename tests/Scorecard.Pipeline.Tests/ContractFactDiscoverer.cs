using Xunit.Abstractions;
using Xunit.Sdk;

namespace Scorecard.Pipeline.Tests;

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipping them per concrete class (see there).</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var skipReason = AzuriteEnvironment.SkipReasonFor(testMethod);
        if (skipReason is null)
        {
            return base.Discover(discoveryOptions, testMethod, factAttribute);
        }

        // xunit's own "skipped test case with this reason" type (it also carries the reason across serialization).
        return
        [
            new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                skipReason),
        ];
    }
}
