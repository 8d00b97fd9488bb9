using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace BuildPeer.Grains.Faults;

public static class FaultTranslatingStorageRegistration
{
    /// <summary>Wraps the grain storage registered under <paramref name="name"/> in <see cref="FaultTranslatingGrainStorage"/>.</summary>
    public static IServiceCollection TranslateStorageFaults(this IServiceCollection services, string name)
    {
        var registered = services.Last(descriptor => descriptor.ServiceType == typeof(IGrainStorage)
            && descriptor.IsKeyedService && Equals(descriptor.ServiceKey, name));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new FaultTranslatingGrainStorage((IGrainStorage)create(provider, key)));
        return services;
    }
}
