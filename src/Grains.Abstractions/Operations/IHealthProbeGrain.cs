namespace BuildPeer.Grains.Abstractions.Operations;

/// <summary>
/// The gateway's readiness probe of the cluster: a call that reaches a silo and returns, touching no state.
/// Stateless: any key works; use 0.
/// </summary>
[Alias("operations.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task PingAsync();
}
