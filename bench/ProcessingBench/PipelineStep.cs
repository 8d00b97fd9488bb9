using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Processing.Content;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildPeer.ProcessingBench;

/// <summary>
/// The whole per-file pipeline as a silo worker runs it, against the local stack: <see cref="UploadProcessor.ProcessAsync"/>
/// (S3 GET of the original, spool + SHA-256 + clamd scan, sniff, duplicate look-up in PostgreSQL, thumbnails, two S3
/// PUTs). Each call gets its own object with distinct bytes, stored beforehand and not timed. No grain, no SQS.
/// </summary>
internal static class PipelineStep
{
    public static async Task<(List<double> Samples, string? Error)> MeasureAsync(
        string siloContentRoot, byte[] photo, string runId, int iterations, int warmup)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(siloContentRoot, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(siloContentRoot, "appsettings.Development.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddUploadGrainServices();
        services.AddUploadProcessing();
        await using var provider = services.BuildServiceProvider();
        var processor = provider.GetRequiredService<UploadProcessor>();
        var s3 = provider.GetRequiredService<IAmazonS3>();
        var bucket = configuration["S3:BucketName"] ?? "buildpeer-uploads";
        var tenant = "bench-pipeline-" + runId;
        const string project = "pipeline";

        var call = 0;
        async Task<ProcessingJob> StoreAsync()
        {
            var uploadId = Guid.CreateVersion7();
            var key = $"{tenant}/{project}/uploads/{uploadId}/site-photo.jpg";
            var bytes = Inputs.PaddedCopy(photo, $"pipeline call {++call} of run {runId}", photo.Length + 64);
            using var body = new MemoryStream(bytes, writable: false);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = "image/jpeg" });
            return new ProcessingJob(uploadId, 1, tenant, project, key, "site-photo.jpg", bytes.Length, ContentKind.Jpeg, null);
        }

        var samples = new List<double>(iterations);
        for (var i = 0; i < warmup + iterations; i++)
        {
            var job = await StoreAsync();
            var started = Stopwatch.GetTimestamp();
            var outcome = await processor.ProcessAsync(job, CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.Kind != ProcessingOutcomeKind.Completed)
            {
                return (samples, $"{outcome.Kind}: {outcome}");
            }

            if (i >= warmup)
            {
                samples.Add(elapsed);
            }
        }

        return (samples, null);
    }
}
