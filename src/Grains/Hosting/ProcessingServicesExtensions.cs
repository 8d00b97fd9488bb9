using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Processing.Parsers;
using BuildPeer.Grains.Uploads.Processing.Recovery;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.Grains.Uploads.StatusCache;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Scanning;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Hosting;

public static class ProcessingServicesExtensions
{
    /// <summary>What the upload grain needs to process files and announce the outcome: scanner, processors, pool, topic, cache.</summary>
    public static IServiceCollection AddUploadProcessing(this IServiceCollection services)
    {
        services.AddValidatedOptions<ProcessingOptions>(ProcessingOptions.SectionName);
        services.AddValidatedOptions<ClamdOptions>(ClamdOptions.SectionName);
        services.AddSingleton<IValidateOptions<ClamdOptions>, ScannerReadsEveryAcceptedFile>();
        services.AddValidatedOptions<ContentSpoolOptions>(ContentSpoolOptions.SectionName);
        services.AddSingleton<ClamdClient>();
        services.AddSingleton<IVirusScanner>(sp => sp.GetRequiredService<ClamdClient>());
        services.AddSingleton<ContentSpooler>();
        services.AddImageProcessing();
        services.AddPdfProcessing();
        services.AddSingleton<IProcessingStorage, S3ProcessingStorage>();
        services.AddSingleton<IDuplicateFinder, PostgresDuplicateFinder>();
        services.AddValidatedOptions<ParserOptions>(ParserOptions.SectionName);
        services.AddSingleton<IValidateOptions<ParserOptions>, ParsersFitThePod>();
        services.AddSingleton<ParserPool>();
        services.AddSingleton<IParsers>(sp => sp.GetRequiredService<ParserPool>());
        services.AddHostedService<ParserPoolWarmup>();
        services.AddSingleton<ProcessingWorkerPool>();
        services.AddSingleton<UploadProcessor>();
        services.AddSingleton<AttemptRunner>();
        services.AddValidatedOptions<RecoveryOptions>(RecoveryOptions.SectionName);
        services.AddSingleton<DependencyProbe>();
        services.AddSingleton<WaitingUploads>();
        services.AddHostedService(sp => sp.GetRequiredService<WaitingUploads>());
        services.AddUploadNotifications();
        services.AddRedis();
        services.AddSingleton<IUploadStatusInvalidator, RedisUploadStatusInvalidator>();
        return services;
    }
}
