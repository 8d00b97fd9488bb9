using BuildPeer.Grains.Abstractions.Operations;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Uploads.Intake.DeadLetters;

/// <summary>
/// Lets operator tools (through the gateway's cluster client) reach the dead-letter queue. One activation per silo
/// at most: operator actions are rare, and two redrives at once on one silo would only compete for the same messages.
/// </summary>
[StatelessWorker(1)]
public sealed class DeadLetterGrain(DeadLetterQueue queue) : Grain, IDeadLetterGrain
{
    public async Task<IReadOnlyList<DeadLetterView>> PeekAsync(int max)
    {
        var letters = await queue.PeekAsync(max, CancellationToken.None);
        return [.. letters.Select(letter => letter.ToView())];
    }

    public Task<RedriveResult> RedriveAsync(int max) => queue.RedriveAsync(max, CancellationToken.None);
}
