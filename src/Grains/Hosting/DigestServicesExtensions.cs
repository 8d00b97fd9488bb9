using BuildPeer.Grains.Digests;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Grains.Hosting;

public static class DigestServicesExtensions
{
    /// <summary>
    /// The email digest: its subscription's consumer and the SMTP sender its grains use ("Digest" section). Needs the
    /// SQS client of <see cref="UploadServicesExtensions.AddUploadIntake"/>.
    /// </summary>
    public static IServiceCollection AddUploadDigest(this IServiceCollection services)
    {
        services.AddValidatedOptions<DigestOptions>(DigestOptions.SectionName);
        services.AddSingleton<DigestMailer>();
        services.AddHostedService<UploadDigestConsumer>();
        return services;
    }
}
