using BuildPeer.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Grains.Faults;

public static class FaultTranslatingStorageRegistration
{
    /// <summary>Wraps the grain storage registered under <paramref name="name"/> in <see cref="FaultTranslatingGrainStorage"/>.</summary>
    public static IServiceCollection TranslateStorageFaults(this IServiceCollection services, string name) =>
        services.DecorateGrainStorage(name, (_, inner) => new FaultTranslatingGrainStorage(inner));
}
