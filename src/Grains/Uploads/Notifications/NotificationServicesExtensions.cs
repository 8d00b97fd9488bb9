using BuildPeer.Grains.Aws;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Notifications;

public static class NotificationServicesExtensions
{
    /// <summary>Upload notifications to SNS ("Sns" section; region and credentials from the AWS SDK's chain).</summary>
    public static IServiceCollection AddUploadNotifications(this IServiceCollection services)
    {
        services.AddValidatedOptions<SnsOptions>(SnsOptions.SectionName);
        services.AddOptions<AwsSettings>().BindConfiguration(AwsSettings.SectionName);
        services.AddSingleton(sp => SnsQueryClient.Create(
            sp.GetRequiredService<IOptions<SnsOptions>>().Value, sp.GetRequiredService<IOptions<AwsSettings>>().Value));
        services.AddSingleton<INotificationPublisher, SnsNotificationPublisher>();
        return services;
    }
}
