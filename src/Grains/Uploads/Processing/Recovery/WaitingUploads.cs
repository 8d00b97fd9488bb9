using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Processing.Recovery;

/// <summary>
/// The uploads on this silo that wait to retry processing after a failed attempt. While there are any, the silo
/// probes its dependencies every <see cref="RecoveryOptions.ProbeInterval"/>; when one that was down answers again,
/// every waiting upload is woken to try at once rather than at the end of its backoff, which may be minutes away.
/// Nothing waits, nothing is probed; a dead dependency gets one cheap question a second per silo, not one per upload.
/// </summary>
public sealed partial class WaitingUploads(
    DependencyProbe probe,
    IGrainFactory grains,
    IOptions<RecoveryOptions> options,
    TimeProvider time,
    ILogger<WaitingUploads> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, byte> _waiting = new();
    private readonly RecoveryDetector _detector = new();

    public int Count => _waiting.Count;

    public void Add(Guid uploadId) => _waiting.TryAdd(uploadId, 0);

    public void Remove(Guid uploadId) => _waiting.TryRemove(uploadId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProbeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_waiting.IsEmpty)
            {
                _detector.Reset();
                continue;
            }

            var down = await probe.DownAsync(stoppingToken);
            var wasDown = _detector.Down;
            if (_detector.Observe(down))
            {
                await WakeAllAsync(wasDown);
            }
        }
    }

    private async Task WakeAllAsync(IReadOnlyList<string> wereDown)
    {
        var waking = _waiting.Keys.ToList();
        LogWaking(waking.Count, string.Join(", ", wereDown));
        await Task.WhenAll(waking.Select(async uploadId =>
        {
            try
            {
                await grains.GetGrain<IUploadProcessingCallback>(uploadId).WakeAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Its own timer or the processing reminder still starts it.
                LogWakeFailed(exception, uploadId);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dependencies} answer again; waking {Count} uploads waiting to retry")]
    private partial void LogWaking(int count, string dependencies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake upload {UploadId}; its own retry timer starts it")]
    private partial void LogWakeFailed(Exception exception, Guid uploadId);
}
