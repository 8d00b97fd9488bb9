using BuildPeer.Processing.Scanning;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Silo.Health;

/// <summary>clamd answers PING. Down, processing waits and retries, so the silo is degraded, not out of rotation.</summary>
public sealed class ClamdHealthCheck(ClamdClient clamd) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await clamd.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy("clamd answered PONG.")
            : new HealthCheckResult(context.Registration.FailureStatus,
                "clamd does not answer PING: uploads wait in PROCESSING and are retried until it is back.");
}
