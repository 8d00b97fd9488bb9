using BuildPeer.Grains.Abstractions.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Gateway.Hosting;

/// <summary>A grain call reaches a silo and returns: the gateway can serve requests at all.</summary>
public sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await cluster.GetGrain<IHealthProbeGrain>(0).PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("A silo answered.");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "No silo answers a grain call.", exception);
        }
    }
}
