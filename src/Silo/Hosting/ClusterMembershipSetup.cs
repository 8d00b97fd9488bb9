using Orleans.Configuration;

namespace BuildPeer.Silo.Hosting;

/// <summary>
/// How quickly the cluster gives up on a silo that stopped answering, and whether the silo runs under Kubernetes.
/// </summary>
public static class ClusterMembershipSetup
{
    /// <summary>Any <see cref="ClusterMembershipOptions"/> property, e.g. <c>Orleans:Membership:ProbeTimeout</c>.</summary>
    public const string MembershipSection = "Orleans:Membership";

    /// <summary><see cref="KubernetesEnabledKey"/> turns Kubernetes hosting on; the other keys bind <c>KubernetesHostingOptions</c>.</summary>
    public const string KubernetesSection = "Orleans:Kubernetes";

    public const string KubernetesEnabledKey = $"{KubernetesSection}:Enabled";

    /// <summary>
    /// Membership tuned for a SIGKILLed silo (a crashed process, a lost node) to be declared dead within 3 failed
    /// probes of at most 2 s apart instead of Orleans' 5 s, while a silo that is only stalled (GC, a saturated 2-core
    /// node) still has several seconds before anyone votes; settings under <see cref="MembershipSection"/> override
    /// each value.
    /// Kubernetes hosting (pod name, namespace and IP from the environment, a deleted pod's silo declared dead at
    /// once) only when <c>Orleans:Kubernetes:Enabled</c> is true, so local runs are unchanged.
    /// </summary>
    public static ISiloBuilder AddBuildPeerMembership(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<ClusterMembershipOptions>().Configure(ApplyTuning).BindConfiguration(MembershipSection);
        if (configuration.GetValue<bool>(KubernetesEnabledKey))
        {
            silo.UseKubernetesHosting(options => options.BindConfiguration(KubernetesSection));
        }

        return silo;
    }

    internal static void ApplyTuning(ClusterMembershipOptions membership)
    {
        // Detection: each survivor probes every other silo; NumMissedProbesLimit failed probes, one ProbeTimeout
        // apart, make it suspect, and NumVotesForDeathDeclaration suspects declare the silo dead. With 3 silos the
        // 2 survivors both vote, so dead ≈ 3 probe periods after the kill (a refused connection fails a probe at
        // once and the adaptive period shrinks towards MinProbeTimeout: measured 2.2–3.4 s; bound 20 s in tests).
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.NumMissedProbesLimit = 3;
        membership.NumVotesForDeathDeclaration = 2;
        // The adaptive probe timeout never grows past this (Orleans' default is 4 × ProbeTimeout): the worst case
        // on a degraded node stays bounded.
        membership.MaxProbeTimeout = TimeSpan.FromSeconds(5);
        // Table reads and heartbeats: a joining silo skips rows of silos that stopped heartbeating for
        // 2 × IAmAliveTablePublishTimeout, so a crashed silo's stale Active row delays the next start by seconds,
        // not minutes; the periodic refresh backs up gossip for silos that missed a membership change.
        membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        // Dead rows are kept a day for diagnosis (25 at most, Orleans' default), not a week.
        membership.DefunctSiloExpiration = TimeSpan.FromDays(1);
    }
}
