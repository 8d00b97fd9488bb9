using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildPeer.Grains.Abstractions.Hosting;

public static class CachedGrainInterfaceTypesRegistration
{
    /// <summary>
    /// Replaces Orleans' grain interface type provider (its only one: the attribute provider, which
    /// <see cref="CachedGrainInterfaceTypes"/> consults) with the cached one. Call it inside <c>UseOrleans</c> or
    /// <c>UseOrleansClient</c>, where Orleans' defaults are already registered.
    /// </summary>
    public static IServiceCollection CacheGrainInterfaceTypes(this IServiceCollection services)
    {
        services.RemoveAll<IGrainInterfaceTypeProvider>();
        services.AddSingleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypes>();
        return services;
    }
}
