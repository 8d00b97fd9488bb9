using BuildPeer.Grains.Abstractions.Hosting;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Metadata;

namespace BuildPeer.UnitTests.Hosting;

public sealed class CachedGrainInterfaceTypesTests
{
    private static readonly Type[] GrainInterfaces = typeof(IUploadGrain).Assembly.GetTypes()
        .Where(type => type.IsInterface && typeof(IAddressable).IsAssignableFrom(type))
        .ToArray();

    [Fact]
    public void Orleans_registers_only_the_attribute_provider_that_the_cached_one_replaces()
    {
        using var host = ClientHost(cached: false);

        var provider = Assert.Single(host.Services.GetServices<IGrainInterfaceTypeProvider>());
        Assert.IsType<AttributeGrainInterfaceTypeProvider>(provider);
    }

    [Fact]
    public void Every_grain_interface_resolves_to_the_type_orleans_gives_it()
    {
        using var plain = ClientHost(cached: false);
        using var cached = ClientHost(cached: true);
        var expected = plain.Services.GetRequiredService<GrainInterfaceTypeResolver>();
        var actual = cached.Services.GetRequiredService<GrainInterfaceTypeResolver>();

        Assert.Contains(typeof(IUploadGrain), GrainInterfaces);
        Assert.All(GrainInterfaces, type =>
        {
            Assert.Equal(expected.GetGrainInterfaceType(type), actual.GetGrainInterfaceType(type));
            Assert.Equal(expected.GetGrainInterfaceType(type), actual.GetGrainInterfaceType(type));
        });
        Assert.IsType<CachedGrainInterfaceTypes>(Assert.Single(cached.Services.GetServices<IGrainInterfaceTypeProvider>()));
    }

    [Fact]
    public void A_known_interface_resolves_without_garbage()
    {
        using var plain = ClientHost(cached: false);
        using var cached = ClientHost(cached: true);

        var uncachedBytes = AllocatedPerCall(plain.Services.GetRequiredService<GrainInterfaceTypeResolver>());
        var cachedBytes = AllocatedPerCall(cached.Services.GetRequiredService<GrainInterfaceTypeResolver>());

        // Orleans' own path allocates on every call (attributes, type-name parsing); the cached one nothing at all.
        Assert.True(uncachedBytes > 500, $"uncached: {uncachedBytes} bytes a call");
        Assert.Equal(0, cachedBytes);
    }

    private static long AllocatedPerCall(GrainInterfaceTypeResolver resolver)
    {
        const int Calls = 100;
        resolver.GetGrainInterfaceType(typeof(IUploadGrain));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            resolver.GetGrainInterfaceType(typeof(IUploadGrain));
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    private static IHost ClientHost(bool cached)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering();
            if (cached)
            {
                client.Services.CacheGrainInterfaceTypes();
            }
        });
        return builder.Build();
    }
}
