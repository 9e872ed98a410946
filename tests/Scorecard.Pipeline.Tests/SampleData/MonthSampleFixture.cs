namespace Scorecard.Pipeline.Tests.SampleData;

/// <summary>A month (30 days, 20 agents, 300 contacts a day) generated once and measured.</summary>
public sealed class MonthSampleFixture : IAsyncLifetime
{
    private SampleMeasures? _measures;

    internal SampleMeasures Measures => _measures ?? throw new InvalidOperationException("Measured in InitializeAsync.");

    public async ValueTask InitializeAsync()
    {
        using GeneratedSample sample = await GeneratedSample.CreateAsync(GeneratedSample.Small() with { Days = 30 });
        _measures = SampleMeasures.Of(sample);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
