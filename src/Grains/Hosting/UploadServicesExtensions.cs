using Amazon.S3;
using Amazon.SQS;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Batching;
using BuildPeer.Grains.Projects;
using BuildPeer.Grains.Projects.Quota;
using BuildPeer.Grains.Uploads;
using BuildPeer.Grains.Uploads.Changes;
using BuildPeer.Grains.Uploads.Feed;
using BuildPeer.Grains.Uploads.Initiation.Idempotency;
using BuildPeer.Grains.Uploads.Initiation.Validation;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.Grains.Uploads.Intake.DeadLetters;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Quota;
using BuildPeer.Grains.Uploads.Records;
using BuildPeer.Grains.Uploads.State;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Grains.Hosting;

public static class UploadServicesExtensions
{
    /// <summary>What the upload and project grains need: options, storage, and the tables they project to.</summary>
    public static IServiceCollection AddUploadGrainServices(this IServiceCollection services)
    {
        services.AddValidatedOptions<UploadOptions>(UploadOptions.SectionName);
        services.AddValidatedOptions<ProjectOptions>(ProjectOptions.SectionName);
        services.AddValidatedOptions<IdempotencyOptions>(IdempotencyOptions.SectionName);
        services.AddValidatedOptions<S3Options>(S3Options.SectionName);
        services.AddPostgresOptions();
        services.AddOptions<AwsSettings>().BindConfiguration(AwsSettings.SectionName);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.Postgres));
        services.AddBatchedStatementsDataSource();
        services.AddSingleton<IAmazonS3>(sp => S3ClientFactory.Create(
            sp.GetRequiredService<IOptions<S3Options>>().Value, sp.GetRequiredService<IOptions<AwsSettings>>().Value));
        services.AddKeyedSingleton<IAmazonS3>(S3ClientFactory.PresignerKey, (sp, _) =>
            sp.GetRequiredService<IOptions<S3Options>>().Value is { PublicEndpoint: not null } s3
                ? S3ClientFactory.CreatePresigner(s3, sp.GetRequiredService<IOptions<AwsSettings>>().Value)
                : sp.GetRequiredService<IAmazonS3>());
        services.AddSingleton<IUploadUrlSigner, S3UploadUrlSigner>();
        services.AddSingleton<IUploadRecordStore, PostgresUploadRecordStore>();
        services.AddSingleton<IMultipartStorage, S3MultipartStorage>();
        services.AddSingleton<IProjectRecordStore, PostgresProjectRecordStore>();
        services.AddSingleton<ReservationInserts>();
        services.AddSingleton<IQuotaLedger, PostgresQuotaLedger>();
        services.AddSingleton<UploadLifecycle>(sp => new UploadLifecycle(
            sp.GetRequiredService<IOptions<UploadOptions>>(), sp.GetRequiredService<IOptions<ProcessingOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UploadLinks>();
        services.TryAddSingleton<FreshUploadIds>();
        services.AddSingleton<FeedPublications>();
        services.AddTransient<UploadChangePublisher>();
        services.AddSingleton<UploadLog>();
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<UploadAnnouncer>();
        services.AddSingleton(sp => new UploadRequestValidator(sp.GetRequiredService<IOptions<UploadOptions>>().Value));
        return services;
    }

    /// <summary>The consumer that turns S3 events on the queue into grain calls, and its dead-letter queue.</summary>
    public static IServiceCollection AddUploadIntake(this IServiceCollection services)
    {
        services.AddValidatedOptions<SqsOptions>(SqsOptions.SectionName);
        // Region, endpoint (AWS_ENDPOINT_URL_SQS) and credentials resolve through the SDK's standard chain.
        services.AddSingleton<IAmazonSQS>(sp => new AmazonSQSClient(
            AwsClientConfiguration.Apply(new AmazonSQSConfig(), sp.GetRequiredService<IOptions<AwsSettings>>().Value)));
        services.AddHostedService<UploadEventsConsumer>();
        services.AddSingleton<QueueDepthReader>();
        services.AddHostedService<QueueDepthMetrics>();
        // Every silo can host the operators' DeadLetterGrain, whether or not it consumes the queue.
        services.AddSingleton(sp =>
        {
            var sqs = sp.GetRequiredService<IOptions<SqsOptions>>().Value;
            return new DeadLetterQueue(sp.GetRequiredService<IAmazonSQS>(), sqs.UploadEventsQueueName, sqs.DeadLetterQueueName);
        });
        return services;
    }
}
