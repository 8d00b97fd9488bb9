using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Processing.Content;
using BuildPeer.Grains.Processing.Documents;
using BuildPeer.Grains.Processing.Images;
using BuildPeer.Grains.Processing.Notifications;
using BuildPeer.Grains.Processing.Parsers;
using BuildPeer.Grains.Processing.Pipeline;
using BuildPeer.Grains.Processing.Recovery;
using BuildPeer.Grains.Processing.Scanning;
using BuildPeer.Grains.Processing.Storage;
using BuildPeer.Grains.StatusCache;
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
