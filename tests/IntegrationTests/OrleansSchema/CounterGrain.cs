using Orleans;
using Orleans.Runtime;

namespace BuildPeer.IntegrationTests.OrleansSchema;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }
}

public interface ICounterGrain : IGrainWithGuidKey
{
    Task<int> Increment();

    Task<int> GetCount();

    Task Clear();

    Task Deactivate();
}

/// <summary>A grain whose only job is to keep a number in the PostgreSQL grain storage.</summary>
public sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, PostgresSiloConfigurator.StorageName)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    // The storage provider receives this name where its parameters say "grain type" (GrainTypeString).
    public const string StateName = "counter";

    public async Task<int> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetCount() => Task.FromResult(counter.State.Count);

    public Task Clear() => counter.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
