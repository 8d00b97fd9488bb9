using Orleans;
using Orleans.Runtime;

namespace BuildPeer.IntegrationTests.OrleansSchema;

public interface ISiloLocatorGrain : IGrainWithGuidKey
{
    Task<SiloAddress> GetHostingSilo();
}

/// <summary>Tells which silo it was activated on, so a test can see where the cluster placed it.</summary>
public sealed class SiloLocatorGrain(ILocalSiloDetails localSilo) : Grain, ISiloLocatorGrain
{
    public Task<SiloAddress> GetHostingSilo() => Task.FromResult(localSilo.SiloAddress);
}
