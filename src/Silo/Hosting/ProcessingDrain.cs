using BuildPeer.Grains.Uploads.Processing;
using Microsoft.Extensions.Options;

namespace BuildPeer.Silo.Hosting;

/// <summary>
/// Drains the processing worker pool first thing when the silo stops (the Active stage stops before any grain is
/// deactivated), so running attempts can still report to live grains, and the rest are handed back as retries.
/// </summary>
public sealed class ProcessingDrain(ProcessingWorkerPool workers, IOptions<ProcessingOptions> options)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ProcessingDrain), ServiceLifecycleStage.Active,
            _ => Task.CompletedTask,
            cancellationToken => workers.DrainAsync(options.Value.ShutdownGrace, cancellationToken));
}
