using BuildPeer.Grains.MobilePush;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Grains.Hosting;

public static class MobilePushServicesExtensions
{
    /// <summary>
    /// Mobile push ("MobilePush" section): the devices grain's options, the FCM sender and the consumer of the push
    /// subscription. Needs the SQS client of <see cref="UploadServicesExtensions.AddUploadIntake"/>.
    /// </summary>
    public static IServiceCollection AddMobilePush(this IServiceCollection services)
    {
        services.AddValidatedOptions<MobilePushOptions>(MobilePushOptions.SectionName);
        services.AddHttpClient(FcmSender.HttpClientName);
        services.AddSingleton<FcmAccessTokens>();
        services.AddSingleton<FcmSender>();
        services.AddHostedService<UploadPushConsumer>();
        return services;
    }
}
