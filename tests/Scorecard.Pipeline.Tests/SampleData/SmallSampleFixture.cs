namespace Scorecard.Pipeline.Tests.SampleData;

/// <summary>One small generated sample (5 days, 20 agents, 300 contacts a day) shared by the tests that only read it.</summary>
public sealed class SmallSampleFixture : IAsyncLifetime
{
    private GeneratedSample? _sample;

    internal GeneratedSample Sample => _sample ?? throw new InvalidOperationException("The sample is generated in InitializeAsync.");

    public async ValueTask InitializeAsync() => _sample = await GeneratedSample.CreateAsync(GeneratedSample.Small());

    public ValueTask DisposeAsync()
    {
        _sample?.Dispose();
        return ValueTask.CompletedTask;
    }
}
