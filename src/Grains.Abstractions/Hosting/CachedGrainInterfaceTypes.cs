using System.Collections.Concurrent;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace BuildPeer.Grains.Abstractions.Hosting;

/// <summary>
/// Orleans' answer to "which grain interface type is this .NET interface", remembered per type. Orleans works it
/// out again on every <c>GetGrain</c>: it instantiates the interface's attributes through reflection and formats its
/// name with its type-name parser, about 2 KB of garbage and a few microseconds each time, several times an upload.
/// The answer never changes for a type, so this provider computes it once, by Orleans' own rules, and takes the place
/// of Orleans' attribute provider (the resolver asks providers first and falls back to the naming convention).
/// </summary>
public sealed class CachedGrainInterfaceTypes(IServiceProvider services, TypeConverter typeConverter) : IGrainInterfaceTypeProvider
{
    private readonly AttributeGrainInterfaceTypeProvider _attributes = new(services);
    private readonly GrainInterfaceTypeResolver _convention = new([], typeConverter);
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        grainInterfaceType = _known.GetOrAdd(type, static (type, self) => self.Resolve(type), this);
        return true;
    }

    private GrainInterfaceType Resolve(Type type) =>
        _attributes.TryGetGrainInterfaceType(type, out var declared) ? declared : _convention.GetGrainInterfaceTypeByConvention(type);
}
