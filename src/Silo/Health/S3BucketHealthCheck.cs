using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Uploads.Links;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BuildPeer.Silo.Health;

/// <summary>
/// The uploads bucket answers a one-key listing with this silo's credentials (s3:ListBucket): proves the endpoint,
/// the bucket name and the credentials at once, without reading or writing an object.
/// </summary>
public sealed class S3BucketHealthCheck(IAmazonS3 s3, IOptions<S3Options> options) : IHealthCheck
{
    private const string ProbePrefix = "health-probe/";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bucket = options.Value.BucketName;
        try
        {
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = ProbePrefix, MaxKeys = 1 }, cancellationToken);
            return HealthCheckResult.Healthy($"Bucket {bucket} answers.");
        }
        catch (Exception exception) when (exception is AmazonS3Exception or Amazon.Runtime.AmazonServiceException
            or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Bucket {bucket} is unreachable or refuses this silo.", exception);
        }
    }
}
