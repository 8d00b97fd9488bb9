using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace BuildPeer.Grains.Hosting;

public static class GrainStorageDecoration
{
    /// <summary>
    /// Replaces the grain storage registered under <paramref name="name"/> by what <paramref name="decorate"/> makes
    /// of it: the registered one is still created (by its own factory), and handed in.
    /// </summary>
    public static IServiceCollection DecorateGrainStorage(
        this IServiceCollection services, string name, Func<IServiceProvider, IGrainStorage, IGrainStorage> decorate)
    {
        var registered = services.Last(descriptor => descriptor.ServiceType == typeof(IGrainStorage)
            && descriptor.IsKeyedService && Equals(descriptor.ServiceKey, name));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => decorate(provider, (IGrainStorage)create(provider, key)));
        return services;
    }
}
