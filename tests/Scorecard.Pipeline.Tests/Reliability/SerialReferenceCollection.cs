namespace Scorecard.Pipeline.Tests.Reliability;

/// <summary>Tests that compare against one shared <see cref="SerialReference"/> (built once, run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SerialReferenceCollection : ICollectionFixture<SerialReference>
{
    public const string Name = "Serial reference pipeline";
}
