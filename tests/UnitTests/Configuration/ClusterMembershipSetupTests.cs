using BuildPeer.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace BuildPeer.UnitTests.Configuration;

/// <summary>The silo's membership tuning and its Kubernetes switch, as the real host composes them.</summary>
public class ClusterMembershipSetupTests
{
    private static readonly Dictionary<string, string?> Silo = new()
    {
        ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x",
        ["ConnectionStrings:Redis"] = "127.0.0.1:1",
        ["Orleans:ClusterId"] = "configured-cluster",
        ["Orleans:ServiceId"] = "configured-service",
        ["S3:BucketName"] = "buildpeer-uploads",
        ["Sqs:UploadEventsQueueName"] = "upload-events",
        ["AWS:Region"] = "eu-central-1",
        ["Urls"] = "http://127.0.0.1:0",
    };

    [Fact]
    public async Task A_silo_declares_a_dead_peer_after_three_missed_two_second_probes_unless_configured_otherwise()
    {
        await using var tuned = Build([], new Dictionary<string, string?>());
        await using var overridden = Build([], new Dictionary<string, string?>
        {
            ["Orleans:Membership:ProbeTimeout"] = "00:00:04",
            ["Orleans:Membership:NumMissedProbesLimit"] = "5",
        });

        var membership = tuned.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.Equal(2, membership.NumVotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(5), membership.MaxProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.IAmAliveTablePublishTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.TableRefreshTimeout);
        var custom = overridden.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(4), custom.ProbeTimeout);
        Assert.Equal(5, custom.NumMissedProbesLimit);
        Assert.Equal(2, custom.NumVotesForDeathDeclaration);
    }

    [Fact]
    public async Task Only_with_Kubernetes_hosting_enabled_does_the_silo_take_its_name_and_cluster_from_the_pod()
    {
        // Read by Orleans Kubernetes hosting only, and only in a host that enables it.
        var pod = new Dictionary<string, string>
        {
            ["POD_NAME"] = "buildpeer-silo-7d9f-abcde",
            ["POD_NAMESPACE"] = "buildpeer",
            ["POD_IP"] = "10.1.2.3",
            ["ORLEANS_CLUSTER_ID"] = "pod-label-cluster",
            ["ORLEANS_SERVICE_ID"] = "pod-label-service",
        };
        foreach (var (name, value) in pod)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            // The switch is read while the silo is composed, so it comes as configuration the host starts with.
            await using var kubernetes = Build([$"--{ClusterMembershipSetup.KubernetesEnabledKey}=true"], new Dictionary<string, string?>());
            await using var local = Build([], new Dictionary<string, string?>());

            Assert.Equal(pod["POD_NAME"], kubernetes.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
            var cluster = kubernetes.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            Assert.Equal(("pod-label-cluster", "pod-label-service"), (cluster.ClusterId, cluster.ServiceId));

            Assert.NotEqual(pod["POD_NAME"], local.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
            var configured = local.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            Assert.Equal(("configured-cluster", "configured-service"), (configured.ClusterId, configured.ServiceId));
        }
        finally
        {
            foreach (var name in pod.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    private static WebApplication Build(string[] args, Dictionary<string, string?> overrides) =>
        SiloApplication.Build(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(Silo);
            builder.Configuration.AddInMemoryCollection(overrides);
        });
}
