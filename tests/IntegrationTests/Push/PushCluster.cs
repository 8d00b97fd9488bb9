using Amazon.S3;
using BuildPeer.Grains.Abstractions.Uploads;
using System.Net;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>What the push tests do to the cluster behind the gateways.</summary>
public static class PushCluster
{
    /// <summary>What the queue consumer does with an S3 event, done directly: these silos do not consume the shared queue.</summary>
    public static async Task DeliverObjectCreatedAsync(ServiceHostsFixture hosts, string projectId, Guid uploadId, string fileName)
    {
        var key = $"acme/{projectId}/uploads/{uploadId}/{fileName}";
        var s3 = hosts.SiloServices.GetRequiredService<IAmazonS3>();
        var head = await s3.GetObjectMetadataAsync(LocalStack.BucketName, key);
        var outcome = await hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IUploadGrain>(uploadId).RecordObjectCreatedAsync(
            new ObjectCreated(LocalStack.BucketName, key, head.ContentLength, head.ETag, DateTimeOffset.UtcNow, "ObjectCreated:Put", null));
        Assert.Equal(ObjectCreatedOutcome.Recorded, outcome);
    }

    /// <summary>
    /// Initiates one PNG as alice (what the gateway's initiate does, minus HTTP) with its upload grain placed on silo
    /// <paramref name="silo"/>, and PUTs its bytes. The placement hint travels with the request context from the
    /// initiator to the upload grain it creates; processing then runs on that silo's worker pool.
    /// </summary>
    public static async Task<Guid> UploadOnSiloAsync(ServiceHostsFixture hosts, int silo, string projectId, string fileName, byte[] png)
    {
        var target = hosts.AllSiloServices[silo].GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var initiator = hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IUploadInitiatorGrain>(0);
        InitiateUploadsResult result;
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        try
        {
            result = await initiator.InitiateAsync(new InitiateUploadsCommand("acme", "alice", projectId,
                [new FileToUpload(fileName, "image/png", png.Length)]));
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        var ticket = Assert.Single(result.Tickets);
        using var put = await ApiCalls.PutToStorageAsync(ticket.Url!, png, "image/png");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return ticket.UploadId;
    }

    /// <summary>The index in <see cref="ServiceHostsFixture.AllSiloServices"/> of the silo hosting a grain, or -1.</summary>
    public static async Task<int> SiloHostingAsync(ServiceHostsFixture hosts, string grainClass, Func<GrainId, bool> isIt)
    {
        var management = hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var activation = (await management.GetDetailedGrainStatistics())
            .FirstOrDefault(candidate => candidate.GrainType.Contains(grainClass, StringComparison.Ordinal) && isIt(candidate.GrainId));
        if (activation is null)
        {
            return -1;
        }

        var silos = hosts.AllSiloServices.Select(services => services.GetRequiredService<ILocalSiloDetails>().SiloAddress).ToList();
        return silos.IndexOf(activation.SiloAddress);
    }

    public static Task<int> SiloOfUploadAsync(ServiceHostsFixture hosts, Guid uploadId) =>
        SiloHostingAsync(hosts, "UploadGrain", id => id.TryGetGuidKey(out var key, out _) && key == uploadId);

    public static Task<int> SiloOfFeedAsync(ServiceHostsFixture hosts, string projectId) =>
        SiloHostingAsync(hosts, "ProjectFeedGrain", id => id.Key.ToString() == $"acme/{projectId}");
}
