using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Silo.Health;

/// <summary>
/// This silo is Active in the cluster's membership: joined and not yet shutting down. Read from the membership
/// service's in-memory snapshot, so the probe costs nothing.
/// </summary>
public sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Active; {active} active silo(s) in the cluster.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"This silo is {status} in the cluster membership, not Active."));
    }
}
