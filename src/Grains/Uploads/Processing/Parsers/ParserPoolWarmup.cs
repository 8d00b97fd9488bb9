using Microsoft.Extensions.Hosting;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>
/// Starts the parser workers with the silo. They are stopped when the container disposes the pool, after the silo
/// has drained its running attempts: stopping them earlier would turn a graceful shutdown into worker losses.
/// </summary>
public sealed class ParserPoolWarmup(ParserPool pool) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        pool.Warm();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
