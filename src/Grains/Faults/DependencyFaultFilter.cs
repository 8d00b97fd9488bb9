namespace BuildPeer.Grains.Faults;

/// <summary>
/// Every grain call's way out: a dependency fault leaves as <see cref="Abstractions.Faults.DependencyUnavailableException"/>,
/// which callers (the gateway above all) can deserialize and answer with 503. Drivers' exceptions cannot cross a
/// grain boundary (the caller would see a codec error, and the client a 500).
/// </summary>
public sealed class DependencyFaultFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context) => DependencyFaults.TranslatingAsync(context.Invoke);
}
