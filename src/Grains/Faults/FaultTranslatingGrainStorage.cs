using Orleans.Storage;

namespace BuildPeer.Grains.Faults;

/// <summary>
/// Grain storage whose database faults leave as <see cref="Abstractions.Faults.DependencyUnavailableException"/>.
/// The grain call filter cannot see a grain that failed to activate (its state could not be read): that failure
/// goes back to the caller straight from the runtime, so it is translated here, where it happens.
/// </summary>
public sealed class FaultTranslatingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        DependencyFaults.TranslatingAsync(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        DependencyFaults.TranslatingAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        DependencyFaults.TranslatingAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>The provider initialises itself (connections, queries) through the silo's lifecycle.</summary>
    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
