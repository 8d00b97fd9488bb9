using BuildPeer.Grains.Uploads.Feed;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Grains.Hosting;

public static class FeedServicesExtensions
{
    /// <summary>What the project feed grains need; upload grains publish through the grain factory alone.</summary>
    public static IServiceCollection AddUploadFeed(this IServiceCollection services)
    {
        services.AddValidatedOptions<FeedOptions>(FeedOptions.SectionName);
        return services;
    }
}
