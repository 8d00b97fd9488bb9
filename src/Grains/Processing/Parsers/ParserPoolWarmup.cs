using Microsoft.Extensions.Hosting;

namespace BuildPeer.Grains.Processing.Parsers;

/// <summary>Starts the parser workers with the silo and stops them with it.</summary>
public sealed class ParserPoolWarmup(ParserPool pool) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        pool.Warm();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        pool.Dispose();
        return Task.CompletedTask;
    }
}
