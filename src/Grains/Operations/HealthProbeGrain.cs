using BuildPeer.Grains.Abstractions.Operations;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Operations;

/// <summary>Answers on whichever silo the caller's gateway is; no state, no I/O.</summary>
[StatelessWorker]
public sealed class HealthProbeGrain : Grain, IHealthProbeGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
