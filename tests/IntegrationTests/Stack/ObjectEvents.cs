using Amazon.S3;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>What the queue consumer does with an S3 event, done directly: for silos that do not consume the shared queue.</summary>
public static class ObjectEvents
{
    public static async Task DeliverAsync(IServiceProvider silo, string tenantId, string projectId, Guid uploadId, string fileName) =>
        Assert.Equal(ObjectCreatedOutcome.Recorded, await RecordAsync(silo, tenantId, projectId, uploadId, fileName, "ObjectCreated:Put"));

    /// <summary>Hands the grain the event S3 sends for the object now at the upload's key and returns what it made of it.</summary>
    public static async Task<ObjectCreatedOutcome> RecordAsync(
        IServiceProvider silo, string tenantId, string projectId, Guid uploadId, string fileName, string eventName)
    {
        var key = $"{tenantId}/{projectId}/uploads/{uploadId}/{fileName}";
        var s3 = silo.GetRequiredService<IAmazonS3>();
        var head = await s3.GetObjectMetadataAsync(LocalStack.BucketName, key);
        var grains = silo.GetRequiredService<IGrainFactory>();
        return await grains.GetGrain<IUploadGrain>(uploadId).RecordObjectCreatedAsync(
            new ObjectCreated(LocalStack.BucketName, key, head.ContentLength, head.ETag, DateTimeOffset.UtcNow, eventName, null));
    }
}
